using System;
using System.Collections.Generic;
using System.Globalization;
using KerasSharp.Layers;
using KerasSharp.Models;
using static TorchSharp.torch;

namespace KerasSharp.Applications;

#pragma warning disable CS8981 // the Python module's name, as every application module (docs/naming.md)
/// <summary>
/// <c>keras.applications.mobilenet</c> (keras_applications 1.0.8): <c>from keras.applications.mobilenet import
/// MobileNet, preprocess_input, decode_predictions</c> is <c>using static KerasSharp.Applications.mobilenet;</c>.
/// </summary>
public static class mobilenet
#pragma warning restore CS8981
{
    public const string BASE_WEIGHT_PATH = "https://github.com/fchollet/deep-learning-models/releases/download/v0.6/";

    /// <summary>
    /// <c>MobileNet(input_shape=None, alpha=1.0, depth_multiplier=1, dropout=1e-3, include_top=True,
    /// weights='imagenet', input_tensor=None, pooling=None, classes=1000)</c>: a 3×3 convolution and 13 depthwise
    /// separable blocks (<c>conv_dw_1</c>/<c>conv_pw_1</c> ... 13), with <paramref name="alpha"/> scaling the filters
    /// and <paramref name="depth_multiplier"/> the depthwise outputs; the top is global average pooling, dropout and a
    /// 1×1 convolution classifier. ImageNet weights exist for alpha 0.25, 0.5, 0.75, 1.0 at 128, 160, 192 or 224
    /// pixels (another size loads the 224 ones, with a warning, as Keras does).
    /// </summary>
    public static Model MobileNet(Shape? input_shape = null, double alpha = 1.0, int depth_multiplier = 1, double dropout = 1e-3,
                                  bool include_top = true, string? weights = "imagenet", KerasTensor? input_tensor = null,
                                  string? pooling = null, int classes = 1000)
    {
        imagenet_utils.CheckArguments(weights, include_top, classes, pooling);
        var dataFormat = Backend.KerasBackend.ImageDataFormat();
        var (rowAxis, colAxis) = dataFormat == "channels_first" ? (1, 2) : (0, 1);
        // A square input of a size ImageNet weights exist for is the default size; otherwise 224.
        var defaultSize = input_shape is { Rank: 3 } && input_shape[rowAxis] == input_shape[colAxis]
                          && input_shape[rowAxis] is 128 or 160 or 192 or 224 ? input_shape[rowAxis]!.Value : 224;
        input_shape = imagenet_utils.ObtainInputShape(input_shape, defaultSize, min_size: 32, dataFormat,
            require_flatten: include_top, weights);
        var rows = input_shape[rowAxis];
        var cols = input_shape[colAxis];

        string? imagenetFile = null;
        if (weights == "imagenet")
        {
            if (depth_multiplier != 1)
                throw new ArgumentException("If imagenet weights are being loaded, depth multiplier must be 1", nameof(depth_multiplier));
            if (alpha is not (0.25 or 0.50 or 0.75 or 1.0))
                throw new ArgumentException("If imagenet weights are being loaded, alpha can be one of`0.25`, `0.50`, `0.75` or `1.0` only.", nameof(alpha));
            if (rows != cols || rows is not (128 or 160 or 192 or 224))
            {
                rows = 224;
                Console.Error.WriteLine("UserWarning: `input_shape` is undefined or non-square, or `rows` is not in [128, 160, 192, 224]. Weights for input shape (224, 224) will be loaded as the default.");
            }
            var alphaText = alpha switch { 1.0 => "1_0", 0.75 => "7_5", 0.50 => "5_0", _ => "2_5" };
            var modelName = include_top ? $"mobilenet_{alphaText}_{rows}_tf.h5" : $"mobilenet_{alphaText}_{rows}_tf_no_top.h5";
            imagenetFile = imagenet_utils.FetchWeights(modelName, BASE_WEIGHT_PATH + modelName, file_hash: null);
        }

        var imgInput = imagenet_utils.ImageInput(input_tensor, input_shape);
        var x = ConvBlock(imgInput, 32, alpha, strides: (2, 2));
        x = DepthwiseConvBlock(x, 64, alpha, depth_multiplier, block_id: 1);
        x = DepthwiseConvBlock(x, 128, alpha, depth_multiplier, strides: (2, 2), block_id: 2);
        x = DepthwiseConvBlock(x, 128, alpha, depth_multiplier, block_id: 3);
        x = DepthwiseConvBlock(x, 256, alpha, depth_multiplier, strides: (2, 2), block_id: 4);
        x = DepthwiseConvBlock(x, 256, alpha, depth_multiplier, block_id: 5);
        x = DepthwiseConvBlock(x, 512, alpha, depth_multiplier, strides: (2, 2), block_id: 6);
        for (int block = 7; block <= 11; block++) x = DepthwiseConvBlock(x, 512, alpha, depth_multiplier, block_id: block);
        x = DepthwiseConvBlock(x, 1024, alpha, depth_multiplier, strides: (2, 2), block_id: 12);
        x = DepthwiseConvBlock(x, 1024, alpha, depth_multiplier, block_id: 13);

        if (include_top)
        {
            var width = (int)(1024 * alpha);
            Shape shape = dataFormat == "channels_first" ? (width, 1, 1) : (1, 1, width);
            x = new GlobalAveragePooling2D().Apply(x);
            x = new Reshape(shape, name: "reshape_1").Apply(x);
            x = new Dropout(dropout, name: "dropout").Apply(x);
            x = new Conv2D(classes, (1, 1), padding: "same", name: "conv_preds").Apply(x);
            x = new Reshape(classes, name: "reshape_2").Apply(x);
            x = new Activation("softmax", name: "act_softmax").Apply(x);
        }
        else x = imagenet_utils.Pooling(x, pooling);
        var name = string.Format(CultureInfo.InvariantCulture, "mobilenet_{0:F2}_{1}", alpha, rows?.ToString(CultureInfo.InvariantCulture) ?? "None");
        return imagenet_utils.Finish(input_tensor, imgInput, x, name, weights, imagenetFile);
    }

    /// <summary>Keras's <c>_conv_block</c>: the first convolution (padded on the bottom and right), batch norm, ReLU6.</summary>
    private static KerasTensor ConvBlock(KerasTensor inputs, int filters, double alpha, IntTuple2 strides)
    {
        filters = (int)(filters * alpha);
        var x = new ZeroPadding2D(padding: ((0, 1), (0, 1)), name: "conv1_pad").Apply(inputs);
        x = new Conv2D(filters, (3, 3), padding: "valid", use_bias: false, strides: strides, name: "conv1").Apply(x);
        x = new BatchNormalization(axis: imagenet_utils.ChannelAxis, name: "conv1_bn").Apply(x);
        return new ReLU(6.0, name: "conv1_relu").Apply(x);
    }

    /// <summary>Keras's <c>_depthwise_conv_block</c>: a depthwise 3×3 convolution and a pointwise 1×1 one, each with batch norm and ReLU6.</summary>
    private static KerasTensor DepthwiseConvBlock(KerasTensor inputs, int pointwise_conv_filters, double alpha, int depth_multiplier,
                                                  int block_id, IntTuple2? strides = null)
    {
        var stride = strides ?? (1, 1);
        var unit = stride == new IntTuple2(1, 1);
        pointwise_conv_filters = (int)(pointwise_conv_filters * alpha);
        var x = unit ? inputs : new ZeroPadding2D(((0, 1), (0, 1)), name: $"conv_pad_{block_id}").Apply(inputs);
        x = new DepthwiseConv2D((3, 3), padding: unit ? "same" : "valid", depth_multiplier: depth_multiplier, strides: stride,
                                use_bias: false, name: $"conv_dw_{block_id}").Apply(x);
        x = new BatchNormalization(axis: imagenet_utils.ChannelAxis, name: $"conv_dw_{block_id}_bn").Apply(x);
        x = new ReLU(6.0, name: $"conv_dw_{block_id}_relu").Apply(x);
        x = new Conv2D(pointwise_conv_filters, (1, 1), padding: "same", use_bias: false, strides: (1, 1), name: $"conv_pw_{block_id}").Apply(x);
        x = new BatchNormalization(axis: imagenet_utils.ChannelAxis, name: $"conv_pw_{block_id}_bn").Apply(x);
        return new ReLU(6.0, name: $"conv_pw_{block_id}_relu").Apply(x);
    }

    /// <summary><c>preprocess_input</c>: <see cref="imagenet_utils.PreprocessInput"/> in mode "tf" (pixels to [-1, 1]).</summary>
    public static Tensor PreprocessInput(Tensor x, string? data_format = null) => imagenet_utils.PreprocessInput(x, data_format, mode: "tf");

    /// <summary><c>decode_predictions</c>: <see cref="imagenet_utils.DecodePredictions"/>.</summary>
    public static IReadOnlyList<IReadOnlyList<(string class_name, string class_description, float score)>> DecodePredictions(Tensor preds, int top = 5) =>
        imagenet_utils.DecodePredictions(preds, top);
}
