using System;
using System.Collections.Generic;
using System.Linq;
using FluentAssertions;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Optimizers;
using KerasSharp.Tests.Harness;
using Newtonsoft.Json.Linq;
using Xunit;
using static KerasSharp.Layers.LayerFunctions;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Models;

/// <summary>Functional models against Goldens/functional (Keras 2.2.4's network.py, layers and SGD in numpy).</summary>
public sealed class FunctionalModelTests
{
    private static JObject Load(string file) => (JObject)Golden.Load($"functional/{file}");

    private static void SetWeights(Model model, JToken weights)
    {
        foreach (var (name, values) in (JObject)weights) model.GetLayer(name).SetWeights(((JArray)values!).Select(Golden.Tensor).ToArray());
    }

    private static Model Residual()
    {
        var x = Input(shape: (6, 6, 3), name: "input_1");
        var a = new Conv2D(4, (3, 3), padding: "same", activation: "relu", name: "conv_a").Apply(x);
        var b = new Conv2D(4, (3, 3), padding: "same", name: "conv_b").Apply(a);
        var s = new Conv2D(4, (1, 1), name: "proj").Apply(x);
        var y = add([b, s], name: "add_1");
        y = new Activation("relu", name: "relu_out").Apply(y);
        y = new GlobalAveragePooling2D(name: "gap").Apply(y);
        var output = new Dense(2, activation: "softmax", name: "out").Apply(y);
        return new Model(inputs: x, outputs: output, name: "model_1");
    }

    [Fact]
    public void A_residual_block_predicts_and_trains_as_Keras()
    {
        var g = Load("residual.json");
        var model = Residual();
        model.Layers.Select(l => l.Name).Should().Equal(((JArray)g["model"]!["layers"]!).Select(l => (string)l["name"]!), "Keras 2's layer order: by depth, then traversal");
        SetWeights(model, g["weights"]!);

        Golden.ShouldMatch(model.Predict(Golden.Tensor(g["x"]!)), g["output"]!);
        model.Compile(new SGD(lr: 0.1), "categorical_crossentropy");
        model.TrainOnBatch(Golden.Tensor(g["x"]!), Golden.Tensor(g["y_true"]!))[0].Should().BeApproximately((double)g["loss"]!, 1e-5);
        foreach (var (name, values) in (JObject)g["weights_after"]!)
        {
            var weights = model.GetLayer(name).GetWeights();
            for (int i = 0; i < weights.Length; i++) Golden.ShouldMatch(weights[i], values![i]!, because: $"{name} weight {i} after one SGD step");
        }
    }

    private static Model TwoInputsTwoOutputs()
    {
        var inA = Input(shape: 5, name: "in_a");
        var inB = Input(shape: 5, name: "in_b");
        var shared = new Dense(4, activation: "tanh", name: "shared");
        var (ha, hb) = (shared.Apply(inA), shared.Apply(inB));
        var c = concatenate([ha, hb], name: "concatenate_1");
        var outCls = new Dense(3, activation: "softmax", name: "out_cls").Apply(c);
        var d = subtract([ha, hb], name: "subtract_1");
        var outReg = new Dense(1, name: "out_reg").Apply(d);
        return new Model(inputs: [inA, inB], outputs: [outCls, outReg]);
    }

    [Fact]
    public void A_shared_layer_in_a_two_input_two_output_model()
    {
        var g = Load("two_io.json");
        var model = TwoInputsTwoOutputs();
        model.Layers.Select(l => l.Name).Should().Equal(((JArray)g["model"]!["layers"]!).Select(l => (string)l["name"]!));
        model.InputNames.Should().Equal("in_a", "in_b");
        model.OutputNames.Should().Equal("out_cls", "out_reg");
        SetWeights(model, g["weights"]!);

        var outputs = model.CallAll(new[] { Golden.Tensor(g["x"]!["in_a"]!), Golden.Tensor(g["x"]!["in_b"]!) }, training: false);
        Golden.ShouldMatch(outputs[0], g["steps"]![0]!["outputs_before"]!["out_cls"]!);
        Golden.ShouldMatch(outputs[1], g["steps"]![0]!["outputs_before"]!["out_reg"]!);

        var shared = model.GetLayer("shared");
        shared.GetInputAt(0).Should().BeSameAs(model.Inputs[0]);
        shared.GetInputAt(1).Should().BeSameAs(model.Inputs[1]);
        shared.GetOutputAt(1).Shape.Should().Be(new Shape(null, 4));
        FluentActions.Invoking(() => shared.Output).Should().Throw<KerasException>()
            .WithMessage("Layer shared has multiple inbound nodes, hence the notion of \"layer output\" is ill-defined. Use `GetOutputAt(node_index)` instead.");
        model.GetLayer(index: 2).Should().BeSameAs(shared);
    }

    [Fact]
    public void A_Sequential_nested_in_a_functional_model()
    {
        var g = Load("nested.json");
        var inner = new Sequential(name: "inner");
        inner.Add(new Dense(3, activation: "relu", input_shape: 4, name: "inner_dense_1"));
        inner.Add(new Dense(2, name: "inner_dense_2"));
        var x = Input(shape: 4, name: "outer_in");
        var output = new Dense(1, activation: "sigmoid", name: "outer_out").Apply(inner.Apply(x));
        var outer = new Model(x, output, name: "outer");
        foreach (var (name, values) in (JObject)g["weights"]!)
            (name.StartsWith("inner_", StringComparison.Ordinal) ? inner.GetLayer(name) : outer.GetLayer(name)).SetWeights(((JArray)values!).Select(Golden.Tensor).ToArray());

        outer.Weights.Select(w => w.FullName).Should().Equal(((JArray)g["weight_names"]!).Select(n => (string)n!));
        Golden.ShouldMatch(inner.Predict(Golden.Tensor(g["x"]!)), g["inner_output"]!);
        Golden.ShouldMatch(outer.Predict(Golden.Tensor(g["x"]!)), g["output"]!);

        var config = JObject.Parse(outer.ToJson());
        config["config"]!["layers"]![2]!["inbound_nodes"]!.ToString(Newtonsoft.Json.Formatting.None).Should().Be("[[[\"inner\",1,0,{}]]]",
            "a nested model counts its own graph as node 0, as Keras 2 writes it");
    }

    [Fact]
    public void A_functional_model_nested_in_a_Sequential_and_trained_through_it()
    {
        KerasSharp.Backend.KerasBackend.SetSeed(3);
        var x = Input(shape: 3);
        var block = new Model(x, new Dense(4, activation: "relu").Apply(x), name: "block");
        var model = new Sequential();
        model.Add(block);
        model.Add(new Dense(1));
        model.ModelInputShape.Should().Be(new Shape(null, 3), "a model as first layer gives its input shape");
        model.Compile("sgd", "mse");
        var before = Tensors.Values(block.GetWeights()[0]);
        model.Fit(rand(8, 3), rand(8, 1), epochs: 1, verbose: 0);
        Tensors.Values(block.GetWeights()[0]).Should().NotEqual(before, "the nested model's weights train");
        model.Weights.Should().HaveCount(4);
    }

    [Fact]
    public void Functional_json_round_trips_to_the_same_predictions()
    {
        KerasSharp.Backend.KerasBackend.SetSeed(5);
        var model = TwoInputsTwoOutputs();
        var json = model.ToJson();
        var config = JObject.Parse(json);
        config["class_name"]!.ToString().Should().Be("Model");
        config["config"]!["input_layers"]!.ToString(Newtonsoft.Json.Formatting.None).Should().Be("[[\"in_a\",0,0],[\"in_b\",0,0]]");
        var shared = config["config"]!["layers"]!.Single(l => (string)l["name"]! == "shared");
        shared["inbound_nodes"]!.ToString(Newtonsoft.Json.Formatting.None).Should().Be("[[[\"in_a\",0,0,{}]],[[\"in_b\",0,0,{}]]]");

        var reloaded = KerasSharp.Saving.SavingApi.ModelFromJson(json);
        reloaded.Layers.Select(l => l.Name).Should().Equal(model.Layers.Select(l => l.Name));
        reloaded.SetWeights(model.GetWeights());
        var inputs = new[] { rand(3, 5), rand(3, 5) };
        var (a, b) = (model.CallAll(inputs, false), reloaded.CallAll(inputs, false));
        Tensors.Values(b[0]).Should().Equal(Tensors.Values(a[0]));
        Tensors.Values(b[1]).Should().Equal(Tensors.Values(a[1]));
        reloaded.ToJson().Should().Be(json);
    }

    /// <summary>A hand-written model class: layers as properties, the graph set at the end of its constructor.</summary>
    private sealed class TwoInputsTwoOutputsModel : Model
    {
        public TwoInputsTwoOutputsModel() : base("two_io")
        {
            InA = Input(shape: 5, name: "in_a");
            InB = Input(shape: 5, name: "in_b");
            Shared = new Dense(4, activation: "tanh", name: "shared");
            var (ha, hb) = (Shared.Apply(InA), Shared.Apply(InB));
            var outCls = new Dense(3, activation: "softmax", name: "out_cls").Apply(concatenate([ha, hb], name: "concatenate_1"));
            var outReg = new Dense(1, name: "out_reg").Apply(subtract([ha, hb], name: "subtract_1"));
            InitGraph(inputs: [InA, InB], outputs: [outCls, outReg]);
        }

        public KerasTensor InA { get; }
        public KerasTensor InB { get; }
        public Dense Shared { get; }

        public void InitGraphAgain() => InitGraph(InA, Outputs[0]);
    }

    private sealed class SequentialSubclass : Sequential
    {
        public void SetGraph(KerasTensor x) => InitGraph(x, x);
    }

    [Fact]
    public void A_subclass_sets_its_graph_with_InitGraph()
    {
        KerasSharp.Backend.KerasBackend.SetSeed(5);
        using var reference = TwoInputsTwoOutputs();
        KerasSharp.Backend.KerasBackend.SetSeed(5);
        using var model = new TwoInputsTwoOutputsModel();
        model.Name.Should().Be("two_io");
        model.Inputs.Should().Equal(model.InA, model.InB);
        model.Layers.Select(l => l.Name).Should().Equal(reference.Layers.Select(l => l.Name));
        model.ToJson().Should().Be(reference.ToJson().Replace(reference.Name, "two_io"), "the same graph as new Model(inputs, outputs)");
        model.SummaryText().Should().Be(reference.SummaryText().Replace(reference.Name, "two_io"));
        var x = new[] { rand(3, 5), rand(3, 5) };
        var (a, b) = (model.CallAll(x, false), reference.CallAll(x, false));
        Tensors.Values(a[1]).Should().Equal(Tensors.Values(b[1]), "the same weights under the same seed, the same outputs");

        FluentActions.Invoking(model.InitGraphAgain).Should().Throw<InvalidOperationException>().WithMessage("Model two_io already has a graph*");
        using var sequential = new SequentialSubclass();
        FluentActions.Invoking(() => sequential.SetGraph(Input(shape: 2))).Should().Throw<InvalidOperationException>().WithMessage("*is a Sequential: its layers are added with Add, not InitGraph.");
    }

    [Fact]
    public void Bad_graphs_are_named()
    {
        var (a, b) = (Input(shape: 3, name: "in_x"), Input(shape: 3, name: "in_y"));
        var both = add([a, b]);
        FluentActions.Invoking(() => new Model(a, both)).Should().Throw<KerasException>()
            .WithMessage("Graph disconnected: cannot obtain value for tensor <KerasTensor shape=(None, 3)*(created by layer 'in_y')> at layer \"in_y\"*");
        var d1 = new Dense(2, name: "same").Apply(a);
        var d2 = new Dense(2, name: "same").Apply(d1);
        FluentActions.Invoking(() => new Model(a, d2)).Should().Throw<KerasException>()
            .WithMessage("The name \"same\" is used 2 times in the model. All layer names should be unique.");
        FluentActions.Invoking(() => new Conv2D(2, 3).Apply(a)).Should().Throw<KerasException>()
            .WithMessage("Input 0 is incompatible with layer conv2d_*: expected ndim=4, found ndim=2. Full shape received: (None, 3)");
        FluentActions.Invoking(() => new Model(d1, d2)).Should().Throw<ArgumentException>()
            .WithMessage("Input layers to a `Model` must be `InputLayer` objects. Input 0 (0-based) originates from layer type `Dense`*");
        FluentActions.Invoking(() => new Model([a, a], d1)).Should().Throw<ArgumentException>().WithMessage("The list of inputs passed to the model is redundant*");
    }

    [Theory]
    [InlineData("two_io", "summary_two_io.txt")]
    [InlineData("nested", "summary_nested.txt")]
    public void Summary_prints_Keras_2_2_4_s_table(string model, string golden)
    {
        Model m;
        if (model == "two_io")
        {
            m = TwoInputsTwoOutputs();
        }
        else
        {
            var inner = new Sequential(name: "inner");
            inner.Add(new Dense(3, activation: "relu", input_shape: 4, name: "inner_dense_1"));
            inner.Add(new Dense(2, name: "inner_dense_2"));
            var x = Input(shape: 4, name: "outer_in");
            m = new Model(x, new Dense(1, activation: "sigmoid", name: "outer_out").Apply(inner.Apply(x)), name: "outer");
        }
        var lines = m.SummaryText().Split('\n');
        lines[0].Should().Be($"Model: \"{m.Name}\"", "Keras 2.3.1's title line (docs/differences.md); the table below is 2.2.4's");
        string.Join("\n", lines.Skip(1)).Should().Be(System.IO.File.ReadAllText(Golden.PathOf($"functional/{golden}")));
    }

    /// <summary>Keras's subclassing API: layers held in fields, the forward pass written in Call.</summary>
    private sealed class TwoLayerNet : Model
    {
        private readonly Dense _hidden = new(4, activation: "relu", name: "hidden");
        private readonly Dense _out = new(2, name: "out");

        public TwoLayerNet() : base("two_layer_net") { }

        protected override Tensor Call(Tensor inputs, bool training) => _out.Apply(_hidden.Apply(inputs, training), training);
    }

    [Fact]
    public void A_subclassed_model_trains_and_lists_its_layers()
    {
        KerasSharp.Backend.KerasBackend.SetSeed(13);
        var model = new TwoLayerNet();
        model.Compile("sgd", "mse");
        using var x = rand(8, 3);
        using var y = rand(8, 2);
        var before = model.Evaluate(x, y, verbose: 0)[0];
        model.Fit(x, y, epochs: 20, verbose: 0);
        model.Evaluate(x, y, verbose: 0)[0].Should().BeLessThan(before);
        model.Layers.Select(l => l.Name).Should().Equal("hidden", "out");
        model.Weights.Should().HaveCount(4);
        var hidden = model.GetLayer("hidden");
        Tensors.Values(model.Predict(x)).Should().Equal(Tensors.Values(model.GetLayer("out").Apply(hidden.Apply(x))));
        FluentActions.Invoking(() => model.ToJson()).Should().Throw<KerasException>().WithMessage("Model two_layer_net is a subclassed model*");
    }

    [Fact]
    public void A_model_that_is_not_trainable_has_no_trainable_weights()
    {
        var model = TwoInputsTwoOutputs();
        model.TrainableWeights.Should().HaveCount(6);
        model.Trainable = false;
        model.TrainableWeights.Should().BeEmpty();
        model.NonTrainableWeights.Should().HaveCount(6);
        model.GetLayer("shared").TrainableWeights.Should().HaveCount(2, "Keras 2 keeps the layers' own flags");
    }
}
