using System.Collections.Generic;
using System.Linq;
using FluentAssertions;
using KerasSharp.Applications;
using KerasSharp.Backend;
using KerasSharp.Layers;
using Newtonsoft.Json.Linq;
using Xunit;
using static KerasSharp.Tests.Applications.ApplicationCases;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Applications;

/// <summary>
/// Every application's layers (names, classes, order), weights (names, shapes, order), parameter count, output
/// shape and model name equal keras_applications 1.0.8's, as make_applications.py records them; with the top the
/// counts are Keras's documented ones (VGG16 138,357,544 ... Xception 22,910,480), which the script asserts. Each
/// model is built once and freed.
/// </summary>
public sealed class ArchitectureTests
{
    public static IEnumerable<object[]> Cases => Names(_ => true);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Layers_and_weights_equal_Keras(string name)
    {
        var expected = Architecture(name);
        var model = Create((string)expected["function"]!, (JObject)expected["arguments"]!);
        try
        {
            model.Name.Should().Be((string)expected["model_name"]!);
            var layers = (JArray)expected["layers"]!;
            model.Layers.Select(l => l.Name).Should().Equal(layers.Select(l => (string)l["name"]!));
            model.Layers.Select(l => l.GetType().Name).Should().Equal(layers.Select(l => (string)l["class"]!));
            model.Weights.Select(w => w.FullName).Should().Equal(layers.SelectMany(l => l["weights"]!.Select(w => (string)w[0]!)));
            model.Weights.Select(w => string.Join(",", w.Shape)).Should().Equal(
                layers.SelectMany(l => l["weights"]!.Select(w => string.Join(",", w[1]!.Select(d => (long)d)))));
            model.CountParams().Should().Be((long)expected["params"]!);
            model.Outputs[0].Shape.ToString().Should().Be(
                "(" + string.Join(", ", expected["output_shape"]!.Select(d => d.Type == JTokenType.Null ? "None" : d.ToString())) + ")");
        }
        finally
        {
            Free(model);
        }
    }

    [Fact]
    public void A_small_model_runs_forward_at_its_output_shape()
    {
        // MobileNet alpha 0.25 at 128x128 without top: (1, 4, 4, 256), as Keras's output shape says.
        var model = Create("MobileNet", (JObject)Architecture("mobilenet_025_128_notop")["arguments"]!);
        using var x = rand(2, 128, 128, 3) * 255;
        using var y = model.Predict(mobilenet.PreprocessInput(x));
        y.shape.Should().Equal(2, 4, 4, 256);
        // The last layer is a ReLU(6.): every value within [0, 6].
        y.min().item<float>().Should().BeGreaterThanOrEqualTo(0f);
        y.max().item<float>().Should().BeLessThanOrEqualTo(6f);
        Free(model);
    }

    [Fact]
    public void An_input_tensor_from_other_layers_makes_the_model_start_at_its_input()
    {
        // Keras's get_source_inputs: the model's input is the Input the tensor is computed from.
        KerasBackend.ClearSession();
        var image = LayerFunctions.Input(shape: (96, 96, 3), name: "image");
        var scaled = new Activation("linear", name: "scaled").Apply(image);
        var model = mobilenet_v2.MobileNetV2(alpha: 0.35, include_top: false, weights: null, input_tensor: scaled, pooling: "avg");
        model.Inputs.Should().ContainSingle().Which.Should().BeSameAs(image);
        model.Layers.Select(l => l.Name).Take(3).Should().Equal("image", "scaled", "Conv1_pad");
        model.Outputs[0].Shape.ToString().Should().Be("(None, 1280)");
        Free(model);
    }
}
