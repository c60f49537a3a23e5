using System.Collections.Generic;
using System.Linq;
using FluentAssertions;
using KerasSharp.Initializers;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Saving;
using Newtonsoft.Json.Linq;
using Xunit;

namespace KerasSharp.Tests.Layers;

/// <summary>
/// get_config/from_config of the layers of issue 14: the keys and values Keras 2.2.4's get_config writes, and a
/// model JSON that rebuilds each layer with the same config.
/// </summary>
public sealed class LayerConfigTests
{
    public static TheoryData<string> Names => new(Layers.Keys);

    private static readonly Dictionary<string, (System.Func<Layer> Make, Shape Input, string Expected)> Layers = new()
    {
        ["PReLU"] = (() => new PReLU(alpha_initializer: new Constant(0.25), shared_axes: (1, 2)), new Shape(4, 4, 3),
            "\"alpha_initializer\": {\"class_name\": \"Constant\", \"config\": {\"value\": 0.25}}, \"alpha_regularizer\": null, \"alpha_constraint\": null, \"shared_axes\": [1, 2]"),
        ["ThresholdedReLU"] = (() => new ThresholdedReLU(0.5), new Shape(3), "\"theta\": 0.5"),
        ["ReLU"] = (() => new ReLU(6.0, 0.1, 0.5), new Shape(3), "\"max_value\": 6.0, \"negative_slope\": 0.1, \"threshold\": 0.5"),
        ["Permute"] = (() => new Permute((2, 1)), new Shape(3, 4), "\"dims\": [2, 1]"),
        ["Cropping1D"] = (() => new Cropping1D(2), new Shape(8, 3), "\"cropping\": [2, 2]"),
        ["Cropping2D"] = (() => new Cropping2D((1, 2)), new Shape(8, 8, 3), "\"cropping\": [[1, 1], [2, 2]], \"data_format\": \"channels_last\""),
        ["ZeroPadding1D"] = (() => new ZeroPadding1D((1, 2)), new Shape(8, 3), "\"padding\": [1, 2]"),
        ["UpSampling1D"] = (() => new UpSampling1D(3), new Shape(8, 3), "\"size\": 3"),
        ["UpSampling2D"] = (() => new UpSampling2D(3, interpolation: "bilinear"), new Shape(4, 4, 3), "\"size\": [3, 3], \"data_format\": \"channels_last\", \"interpolation\": \"bilinear\""),
        ["SpatialDropout1D"] = (() => new SpatialDropout1D(0.2), new Shape(8, 3), "\"rate\": 0.2, \"noise_shape\": null, \"seed\": null"),
        ["SpatialDropout2D"] = (() => new SpatialDropout2D(0.2, seed: 3), new Shape(4, 4, 3), "\"rate\": 0.2, \"data_format\": \"channels_last\", \"noise_shape\": null, \"seed\": 3"),
        ["GaussianNoise"] = (() => new GaussianNoise(0.1), new Shape(3), "\"stddev\": 0.1"),
        ["GaussianDropout"] = (() => new GaussianDropout(0.1), new Shape(3), "\"rate\": 0.1"),
        ["AlphaDropout"] = (() => new AlphaDropout(0.1, seed: 7), new Shape(3), "\"rate\": 0.1, \"noise_shape\": null, \"seed\": 7"),
        ["Conv2DTranspose"] = (() => new Conv2DTranspose(3, (3, 3), strides: 2, padding: "same", output_padding: (1, 0)), new Shape(4, 4, 2),
            "\"filters\": 3, \"kernel_size\": [3, 3], \"strides\": [2, 2], \"padding\": \"same\", \"output_padding\": [1, 0], \"data_format\": \"channels_last\", \"dilation_rate\": [1, 1], \"activation\": \"linear\""),
        ["DepthwiseConv2D"] = (() => new DepthwiseConv2D((3, 3), depth_multiplier: 2, padding: "same"), new Shape(4, 4, 2),
            "\"kernel_size\": [3, 3], \"strides\": [1, 1], \"padding\": \"same\", \"depth_multiplier\": 2, \"data_format\": \"channels_last\", \"dilation_rate\": [1, 1], \"activation\": \"linear\", \"use_bias\": true, \"depthwise_initializer\": {\"class_name\": \"VarianceScaling\""),
        ["SeparableConv2D"] = (() => new SeparableConv2D(5, 3, depth_multiplier: 2), new Shape(6, 6, 2),
            "\"filters\": 5, \"kernel_size\": [3, 3], \"strides\": [1, 1], \"padding\": \"valid\", \"data_format\": \"channels_last\", \"dilation_rate\": [1, 1], \"depth_multiplier\": 2"),
        ["SeparableConv1D"] = (() => new SeparableConv1D(5, 3, padding: "same"), new Shape(6, 2),
            "\"filters\": 5, \"kernel_size\": [3], \"strides\": [1], \"padding\": \"same\", \"data_format\": \"channels_last\", \"dilation_rate\": [1], \"depth_multiplier\": 1"),
        ["Conv3D"] = (() => new Conv3D(2, (3, 2, 1), strides: (1, 2, 1), padding: "same"), new Shape(4, 4, 4, 1),
            "\"filters\": 2, \"kernel_size\": [3, 2, 1], \"strides\": [1, 2, 1], \"padding\": \"same\", \"data_format\": \"channels_last\", \"dilation_rate\": [1, 1, 1]"),
        ["MaxPooling3D"] = (() => new MaxPooling3D(), new Shape(4, 4, 4, 1), "\"pool_size\": [2, 2, 2], \"strides\": [2, 2, 2], \"padding\": \"valid\", \"data_format\": \"channels_last\""),
        ["AveragePooling3D"] = (() => new AveragePooling3D(3, strides: (1, 2, 1), padding: "same"), new Shape(4, 4, 4, 1), "\"pool_size\": [3, 3, 3], \"strides\": [1, 2, 1], \"padding\": \"same\""),
        ["ActivityRegularization"] = (() => new ActivityRegularization(0.01, 0.02), new Shape(3), "\"l1\": 0.01, \"l2\": 0.02"),
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void Config_has_Keras_keys_and_rebuilds_the_layer(string name)
    {
        var (make, input, expected) = Layers[name];
        var model = new Sequential();
        var layer = make();
        model.Add(new InputLayer(input_shape: input));
        model.Add(layer);
        var json = model.ToJson();
        var entry = (JObject)JObject.Parse(json)["config"]!["layers"]!.Last!;
        ((string)entry["class_name"]!).Should().Be(name);
        KerasConfig.ToPythonJson(entry["config"]!).Should().Contain(expected);

        using var loaded = SavingApi.ModelFromJson(json);
        var again = loaded.Layers.Last();
        again.Should().BeOfType(layer.GetType());
        KerasConfig.ToPythonJson(KerasConfig.LayerConfig(again, null)).Should().Be(KerasConfig.ToPythonJson(KerasConfig.LayerConfig(layer, null)));
        again.Weights.Select(w => w.Shape).Should().BeEquivalentTo(layer.Weights.Select(w => w.Shape), o => o.WithStrictOrdering());
    }
}
