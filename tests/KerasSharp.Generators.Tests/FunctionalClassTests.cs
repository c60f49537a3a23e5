using System;
using System.IO;
using System.Linq;
using System.Reflection;
using FluentAssertions;
using KerasSharp.Generators.Tests.Harness;
using KerasSharp.Models;
using Newtonsoft.Json.Linq;
using Xunit;

namespace KerasSharp.Generators.Tests;

/// <summary>
/// A class generated from a functional model.json, used as a port uses it: typed layers, inputs and outputs, a partial
/// class of one's own, Compile and Fit; and its FromJson on JSON of the same graph (renamed, in Keras 3's layout) and
/// of a different one.
/// </summary>
public class FunctionalClassTests
{
    private static readonly string TwoIoJson = File.ReadAllText(Repo.File("tests", "KerasSharp.Generators.Tests", "Baselines", "Inputs", "two_io.model.json"));

    // What a port writes beside the generated class: its own partial part, then the Keras script's lines.
    private const string Usage = """
        using System.Collections.Generic;
        using KerasSharp;
        using KerasSharp.Models;
        using static TorchSharp.torch;

        namespace Consumer;

        public partial class TwoIo
        {
            public KerasTensor SharedOnB => Shared.GetOutputAt(1);
        }

        public static class Script
        {
            public static (Model Model, double Loss) Train()
            {
                KerasSharp.Backend.KerasBackend.SetSeed(1);
                var model = new TwoIo();
                model.Compile("sgd", loss: ["categorical_crossentropy", "mse"]);
                var x = new[] { rand(8, 5), rand(8, 5) };
                var y = new[] { nn.functional.one_hot(randint(0, 3, 8), 3).to(float32), rand(8, 1) };
                var history = model.Fit(x, y, epochs: 2, batch_size: 4, verbose: 0);
                return (model, history.Values["loss"][^1]);
            }
        }
        """;

    private static Type Generate(out Assembly assembly)
    {
        var result = GeneratorRun.Run("/project/two_io.model.json", TwoIoJson, sources: new[] { Usage });
        result.Diagnostics.Should().BeEmpty();
        result.CompileProblems.Should().BeEmpty("the generated class and the code using it compile cleanly");
        assembly = result.Load();
        return assembly.GetType("Consumer.TwoIo")!;
    }

    private static Model FromJson(Type type, string json) =>
        (Model)((MethodInfo)type.GetMember("FromJson", BindingFlags.Public | BindingFlags.Static).Single()).Invoke(null, new object[] { json })!;

    [Fact]
    public void The_class_has_typed_layers_inputs_and_outputs_and_trains()
    {
        var type = Generate(out var assembly);
        var train = assembly.GetType("Consumer.Script")!.GetMethod("Train")!;
        var (model, loss) = ((Model, double))train.Invoke(null, null)!;
        using (model)
        {
            double.IsFinite(loss).Should().BeTrue();
            type.GetProperty("Shared")!.PropertyType.Should().Be(typeof(KerasSharp.Layers.Dense));
            type.GetProperty("Concatenate1")!.PropertyType.Should().Be(typeof(KerasSharp.Layers.Concatenate));
            type.GetProperty("InA")!.GetValue(model).Should().BeSameAs(model.Inputs[0]);
            type.GetProperty("InB")!.GetValue(model).Should().BeSameAs(model.Inputs[1]);
            type.GetProperty("OutClsOutput")!.GetValue(model).Should().BeSameAs(model.Outputs[0]);
            type.GetProperty("OutRegOutput")!.GetValue(model).Should().BeSameAs(model.Outputs[1]);
            type.GetProperty("SharedOnB")!.GetValue(model).Should().BeSameAs(model.GetLayer("shared").GetOutputAt(1));
            model.OutputNames.Should().Equal("out_cls", "out_reg");
        }
    }

    [Fact]
    public void FromJson_reads_the_same_graph_renamed_and_in_Keras_3_s_layout()
    {
        var type = Generate(out _);
        KerasSharp.Backend.KerasBackend.ClearSession();
        using var reference = KerasSharp.Saving.SavingApi.ModelFromJson(TwoIoJson);
        var renamed = TwoIoJson.Replace("\"shared\"", "\"trunk\"").Replace("\"two_io\"", "\"renamed\"");
        using (var model = FromJson(type, renamed))
        {
            model.Name.Should().Be("renamed");
            model.Layers.Select(l => l.Name).Should().Contain("trunk").And.NotContain("shared");
            type.GetProperty("Shared")!.GetValue(model).Should().BeSameAs(model.GetLayer("trunk"));
        }
        using (var model = FromJson(type, reference.ToJson(keras3: true)))
            model.ToJson().Should().Be(reference.ToJson(), "a Keras 3 file of the same graph builds the same model");
    }

    [Fact]
    public void FromJson_refuses_another_graph_or_another_layer_naming_it()
    {
        var type = Generate(out _);
        var rewired = JObject.Parse(TwoIoJson);
        rewired["config"]!["layers"]![4]!["inbound_nodes"] = JArray.Parse("[[[\"shared\", 1, 0, {}], [\"shared\", 0, 0, {}]]]");
        FluentActions.Invoking(() => FromJson(type, rewired.ToString())).Should().Throw<TargetInvocationException>()
            .WithInnerException<KerasException>().WithMessage(
                "TwoIo.FromJson: layer 4 ('subtract_1') is connected differently. The JSON has layer (2:1:0, 2:0:0); the class has layer (2:0:0, 2:1:0).");

        var resized = TwoIoJson.Replace("\"units\": 1,", "\"units\": 2,");
        FluentActions.Invoking(() => FromJson(type, resized)).Should().Throw<TargetInvocationException>()
            .WithInnerException<KerasException>().WithMessage("TwoIo.FromJson: layer 6 ('out_reg') differs. The JSON has Dense {*\"units\": 2*; the class has Dense {*\"units\": 1*");

        var cifar = File.ReadAllText(Repo.File("examples", "Cifar10", "model.json"));
        FluentActions.Invoking(() => FromJson(type, cifar)).Should().Throw<TargetInvocationException>()
            .WithInnerException<KerasException>().WithMessage("TwoIo.FromJson: the JSON has * layers, the class 7.");
    }
}
