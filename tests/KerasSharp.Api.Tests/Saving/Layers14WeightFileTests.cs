using System;
using System.Collections.Generic;
using System.Linq;
using FluentAssertions;
using KerasSharp.Layers;
using KerasSharp.Saving;
using KerasSharp.Tests.Harness;
using Xunit;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Saving;

/// <summary>
/// Files in Keras 2's layouts with the layers of issue 14 (Goldens/layers14/make_weight_files_14.py): a MobileNet-shaped
/// whole model as Keras 2.2.0 saves it (relu6 by name, DepthwiseConv2D), and save_weights of Conv2DTranspose, PReLU,
/// SeparableConv2D and DepthwiseConv2D; predictions against the numpy reference.
/// </summary>
public sealed class Layers14WeightFileTests
{
    private static readonly Newtonsoft.Json.Linq.JToken Files = Golden.Load("layers14/weight_files_14.json");

    [Fact]
    public void A_Keras_2_2_0_MobileNet_file_loads_and_predicts()
    {
        var c = Files["mobilenet_k220"]!;
        using var model = SavingApi.LoadModel(Golden.PathOf((string)c["file"]!));
        model.GetLayer("conv_dw_1").Should().BeOfType<DepthwiseConv2D>().Which.DepthwiseKernel.Shape.Should().Equal(3, 3, 4, 1);
        model.GetLayer("conv1_relu").Should().BeOfType<Activation>().Which.ActivationFunction.Name.Should().Be("relu6");
        Golden.ShouldMatch(model.Predict(Golden.Tensor(c["x"]!)), c["predictions"]!, because: "MobileNet predictions");

        // Keras 2.2.0 needed custom_objects={'relu6': relu6, 'DepthwiseConv2D': DepthwiseConv2D}; a port passing them still loads.
        var custom = new Dictionary<string, object> { ["relu6"] = (Func<Tensor, Tensor>)(x => x.clamp(0, 6)), ["DepthwiseConv2D"] = typeof(DepthwiseConv2D) };
        using var again = SavingApi.LoadModel(Golden.PathOf((string)c["file"]!), custom_objects: custom);
        Golden.ShouldMatch(again.Predict(Golden.Tensor(c["x"]!)), c["predictions"]!, because: "with custom_objects");
    }

    [Fact]
    public void Saved_weights_of_the_new_layers_load_in_Keras_layout()
    {
        var c = Files["layers14_weights"]!;
        using var model = SavingApi.ModelFromJson((string)c["model_json"]!);
        model.LoadWeights(Golden.PathOf((string)c["file"]!));
        model.Layers.Select(l => l.GetType().Name).Should().Equal("Conv2DTranspose", "PReLU", "SeparableConv2D", "DepthwiseConv2D", "GlobalAveragePooling2D");
        Golden.ShouldMatch(model.Predict(Golden.Tensor(c["x"]!)), c["predictions"]!, because: "predictions from the saved weights");
    }
}
