using System.Linq;
using FluentAssertions;
using KerasSharp.Generators.Tests.Harness;
using Microsoft.CodeAnalysis;
using Xunit;

namespace KerasSharp.Generators.Tests.Diagnostics;

/// <summary>Each diagnostic ID on a small model file: its severity, its line and column in the JSON, its message.</summary>
public class DescriptorsTests
{
    private const string Path = "/project/net.model.json";

    // A valid two-layer model; the cases below break one thing each. Lines are 0-based in Roslyn's positions.
    private static string Model(string dense = "\"units\": 10, \"activation\": \"softmax\"", string conv = "\"filters\": 8, \"kernel_size\": [3, 3]", string convClass = "Conv2D") => $$$"""
        {"class_name": "Sequential",
         "config": {"name": "net", "layers": [
          {"class_name": "{{{convClass}}}",
           "config": {"name": "conv", "batch_input_shape": [null, 8, 8, 1], {{{conv}}}}},
          {"class_name": "Flatten", "config": {"name": "flatten"}},
          {"class_name": "Dense",
           "config": {"name": "out", {{{dense}}}}}
         ]}}
        """;

    private static Diagnostic Single(GeneratorRun.Result result, string id)
    {
        result.Diagnostics.Select(d => d.Id).Should().Equal(new[] { id }, "exactly one diagnostic is expected");
        var diagnostic = result.Diagnostics[0];
        diagnostic.Location.GetLineSpan().Path.Should().Be(Path);
        return diagnostic;
    }

    private static (int Line, int Column) Start(Diagnostic d) =>
        (d.Location.GetLineSpan().StartLinePosition.Line, d.Location.GetLineSpan().StartLinePosition.Character);

    private static string Text(Diagnostic d, string json) => json.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length);

    [Fact]
    public void The_valid_model_has_no_diagnostics_and_one_class()
    {
        var result = GeneratorRun.Run(Path, Model());
        result.Diagnostics.Should().BeEmpty();
        result.Sources.Should().ContainSingle().Which.Should().Contain("public partial class Net : global::KerasSharp.Models.Sequential");
        result.CompileProblems.Should().BeEmpty();
    }

    [Fact]
    public void KSG0001_invalid_json_points_at_the_reader_error()
    {
        var json = Model().Replace("\"name\": \"flatten\"}", "\"name\": \"flatten\"");
        var d = Single(GeneratorRun.Run(Path, json), "KSG0001");
        d.Severity.Should().Be(DiagnosticSeverity.Error);
        Start(d).Line.Should().Be(5, "Json.NET fails on the line after the missing brace");
        d.GetMessage().Should().StartWith("net.model.json is not valid JSON: ");
        GeneratorRun.Run(Path, json).Sources.Should().BeEmpty();
    }

    [Fact]
    public void KSG0002_a_Keras_1_file_points_at_the_Keras_1_key()
    {
        var json = Model(conv: "\"nb_filter\": 8, \"nb_row\": 3");
        var d = Single(GeneratorRun.Run(Path, json), "KSG0002");
        Start(d).Should().Be((3, 68));
        Text(d, json).Should().Be("\"nb_filter\"");
        d.GetMessage().Should().Contain("this is a Keras 1 model").And.Contain("load and save the model with Keras 2 first");
    }

    [Fact]
    public void KSG0003_an_unknown_layer_class_points_at_the_class_name()
    {
        var json = Model(convClass: "LocallyConnected2D");
        var d = Single(GeneratorRun.Run(Path, json), "KSG0003");
        Start(d).Should().Be((2, 17));
        Text(d, json).Should().Be("\"LocallyConnected2D\"");
        d.GetMessage().Should().StartWith("Unknown layer class 'LocallyConnected2D' (layer 'conv'). Known: ").And.Contain("Conv1D, Conv2D, ");
    }

    [Fact]
    public void KSG0004_an_invalid_value_points_at_the_value()
    {
        var json = Model(dense: "\"units\": \"ten\"");
        var d = Single(GeneratorRun.Run(Path, json), "KSG0004");
        Start(d).Should().Be((6, 38));
        Text(d, json).Should().Be("\"ten\"");
        d.GetMessage().Should().Be("Layer 'out' (Dense): invalid value for `units`: \"ten\" (expected an integer)");
    }

    [Fact]
    public void KSG0004_covers_tuples_too()
    {
        var json = Model(conv: "\"filters\": 8, \"kernel_size\": [3, \"x\"]");
        var d = Single(GeneratorRun.Run(Path, json), "KSG0004");
        Text(d, json).Should().Be("[");
        d.GetMessage().Should().Be("Layer 'conv' (Conv2D): invalid value for `kernel_size`: [3,\"x\"] (expected an integer or a list of 2 integers)");
    }

    [Fact]
    public void KSG0005_a_missing_required_key_points_at_the_layer()
    {
        var json = Model(dense: "\"activation\": \"softmax\"");
        var d = Single(GeneratorRun.Run(Path, json), "KSG0005");
        Start(d).Should().Be((5, 17));
        Text(d, json).Should().Be("\"Dense\"");
        d.GetMessage().Should().Be("Layer 'out' (Dense): the required config key `units` is missing");
    }

    [Fact]
    public void KSG0006_an_invalid_class_name_from_metadata()
    {
        var d = Single(GeneratorRun.Run(Path, Model(), className: "class"), "KSG0006");
        Start(d).Should().Be((0, 0));
        d.GetMessage().Should().Be("net.model.json: 'class' is not a valid C# class name; set one with <AdditionalFiles Include=\"net.model.json\" KerasModelClass=\"MyModel\" />");
    }

    [Fact]
    public void KSG0006_two_files_generating_the_same_class()
    {
        var options = new TestOptionsProvider("Consumer").WithFile("/a/net.model.json").WithFile("/b/other.json", className: "Net");
        var files = new[] { new InMemoryAdditionalText("/a/net.model.json", Model()), new InMemoryAdditionalText("/b/other.json", Model()) };
        var run = GeneratorRun.Driver(files, options).RunGenerators(GeneratorRun.Compilation()).GetRunResult();
        run.Diagnostics.Select(d => (d.Id, d.Location.GetLineSpan().Path, Start(d))).Should().BeEquivalentTo(new[] { ("KSG0006", "/a/net.model.json", (0, 0)), ("KSG0006", "/b/other.json", (0, 0)) });
        run.Diagnostics[0].GetMessage().Should().EndWith("another model file also generates the class Consumer.Net; give one a KerasModelClass");
        run.GeneratedTrees.Should().BeEmpty();
    }

    [Fact]
    public void KSG0007_without_KerasSharp_Api()
    {
        var result = GeneratorRun.Run(Path, Model(), withApi: false);
        var d = Single(result, "KSG0007");
        Start(d).Should().Be((0, 0), "the file itself is the place: nothing in it is wrong");
        d.GetMessage().Should().StartWith("net.model.json describes a Keras model, but this project does not reference KerasSharp.Api");
        result.Sources.Should().BeEmpty();
    }

    [Fact]
    public void KSG0008_an_ignored_key_is_a_warning_at_the_key_and_the_class_is_still_generated()
    {
        var json = Model(conv: "\"filters\": 8, \"kernel_size\": [3, 3], \"groups\": 1");
        var result = GeneratorRun.Run(Path, json);
        var d = Single(result, "KSG0008");
        d.Severity.Should().Be(DiagnosticSeverity.Warning);
        Text(d, json).Should().Be("\"groups\"");
        Start(d).Line.Should().Be(3);
        d.GetMessage().Should().Be("Layer 'conv' (Conv2D): ignoring the config key `groups`, which this layer does not take");
        result.Sources.Should().ContainSingle();
        result.CompileProblems.Should().BeEmpty();
    }

    // A valid functional model (input -> Dense); the cases below break one thing each.
    private static string Functional(string denseClass = "Dense", string reads = "x", string outputs = "\"output_layers\": [[\"h\", 0, 0]]") => $$$"""
        {"class_name": "Functional", "config": {"name": "net", "layers": [
          {"class_name": "InputLayer", "name": "x", "config": {"name": "x", "batch_input_shape": [null, 4]}, "inbound_nodes": []},
          {"class_name": "{{{denseClass}}}", "name": "h",
           "config": {"name": "h", "units": 3, "function": "square"},
           "inbound_nodes": [[["{{{reads}}}", 0, 0, {}]]]}
         ],
         "input_layers": [["x", 0, 0]], {{{outputs}}}}}
        """;

    [Fact]
    public void A_valid_functional_model_has_no_diagnostics_and_a_Model_class()
    {
        var result = GeneratorRun.Run(Path, Functional().Replace(", \"function\": \"square\"", ""));
        result.Diagnostics.Should().BeEmpty();
        result.Sources.Should().ContainSingle().Which.Should().Contain("public partial class Net : global::KerasSharp.Models.Model")
            .And.Contain("HOutput = H.Apply(X);").And.Contain("InitGraph(inputs: X, outputs: HOutput);");
        result.CompileProblems.Should().BeEmpty();
    }

    [Fact]
    public void KSG0009_a_call_reading_a_layer_the_model_does_not_have_points_at_its_name()
    {
        var json = Functional().Replace(", \"function\": \"square\"", "").Replace("[[[\"x\", 0, 0, {}]]]", "[[[\"missing\", 0, 0, {}]]]");
        var d = Single(GeneratorRun.Run(Path, json), "KSG0009");
        d.Severity.Should().Be(DiagnosticSeverity.Error);
        Start(d).Should().Be((4, 23));
        Text(d, json).Should().Be("\"missing\"");
        const string message = "model_from_json: a layer call reads from layer 'missing', which the model does not have.";
        d.GetMessage().Should().Be("net.model.json: " + message);
        FluentActions.Invoking(() => KerasSharp.Saving.SavingApi.ModelFromJson(json)).Should().Throw<KerasSharp.KerasException>().WithMessage(message, "the runtime refuses it with the same words");
    }

    [Fact]
    public void KSG0009_a_functional_model_without_outputs_points_at_its_config()
    {
        var json = Functional(outputs: "\"outputs\": []").Replace(", \"function\": \"square\"", "");
        var d = Single(GeneratorRun.Run(Path, json), "KSG0009");
        d.GetMessage().Should().Be("net.model.json: The functional model config has no `output_layers` list.");
        Start(d).Should().Be((0, 39));
        Text(d, json).Should().Be("{");
    }

    [Fact]
    public void KSG0009_a_model_nested_in_a_Sequential()
    {
        var json = Model(convClass: "Sequential");
        var d = Single(GeneratorRun.Run(Path, json), "KSG0009");
        Start(d).Should().Be((2, 17));
        d.GetMessage().Should().StartWith("net.model.json: layer 'conv' is a model (Sequential) inside a Sequential: the generator makes a Sequential class of plain layers only.");
    }

    [Fact]
    public void KSG0011_a_Lambda_layer_points_at_its_class_name_and_names_the_way_out()
    {
        var json = Functional(denseClass: "Lambda");
        var result = GeneratorRun.Run(Path, json);
        var d = Single(result, "KSG0011");
        d.Severity.Should().Be(DiagnosticSeverity.Error);
        Start(d).Should().Be((2, 17));
        Text(d, json).Should().Be("\"Lambda\"");
        d.GetMessage().Should().Be("Layer 'h' is a Lambda layer: its function is code, not configuration, so no class is generated from this file. "
            + "Build the model with ModelFromJson(json, custom_objects: new Dictionary<string, object> { [\"h\"] = (Func<Tensor, Tensor>)(x => ...) }), "
            + "or write the class by hand (derive from Model, create the layers, call InitGraph).");
        result.Sources.Should().BeEmpty();
    }

    [Fact]
    public void KSG0009_a_config_of_the_wrong_shape_is_reported_not_a_crash()
    {
        const string json = "{\"class_name\": \"Functional\",\n \"config\": 5}";
        var d = Single(GeneratorRun.Run(Path, json), "KSG0009");
        d.GetMessage().Should().Be("net.model.json: The Functional model `config` is not a dict.");
        Start(d).Should().Be((1, 11));
        Text(d, json).Should().Be("5");
    }

    [Fact]
    public void Every_descriptor_has_a_help_page()
    {
        foreach (var descriptor in KerasSharp.Generators.Diagnostics.Descriptors.All)
            System.IO.File.Exists(Repo.File("docs", "diagnostics", descriptor.Id + ".md")).Should().BeTrue($"{descriptor.Id} needs docs/diagnostics/{descriptor.Id}.md");
    }
}
