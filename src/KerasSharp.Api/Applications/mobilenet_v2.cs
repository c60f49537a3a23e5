using System;
using System.Collections.Generic;
using System.Globalization;
using KerasSharp.Layers;
using KerasSharp.Models;
using static TorchSharp.torch;

namespace KerasSharp.Applications;

/// <summary>
/// <c>keras.applications.mobilenet_v2</c> (keras_applications 1.0.8): <c>from keras.applications.mobilenet_v2
/// import MobileNetV2, preprocess_input, decode_predictions</c> is
/// <c>using static KerasSharp.Applications.mobilenet_v2;</c>.
/// </summary>
public static class mobilenet_v2
{
    public const string BASE_WEIGHT_PATH = "https://github.com/JonathanCMitchell/mobilenet_v2_keras/releases/download/v1.1/";

    /// <summary>
    /// <c>MobileNetV2(input_shape=None, alpha=1.0, include_top=True, weights='imagenet', input_tensor=None,
    /// pooling=None, classes=1000)</c>: 17 inverted residual blocks (<c>expanded_conv_</c>, <c>block_1_</c> ...
    /// <c>block_16_</c>) between the <c>Conv1</c> and <c>Conv_1</c> convolutions, with <paramref name="alpha"/>
    /// scaling the filters (rounded to multiples of 8); the top is global average pooling and the <c>Logits</c>
    /// classifier. ImageNet weights exist for alpha 0.35, 0.5, 0.75, 1.0, 1.3, 1.4 at 96, 128, 160, 192 or 224 pixels
    /// (another size loads the 224 ones, with a warning, as Keras does).
    /// </summary>
    public static Model MobileNetV2(Shape? input_shape = null, double alpha = 1.0, bool include_top = true,
                                    string? weights = "imagenet", KerasTensor? input_tensor = null, string? pooling = null,
                                    int classes = 1000)
    {
        imagenet_utils.CheckArguments(weights, include_top, classes, pooling);
        var dataFormat = Backend.KerasBackend.ImageDataFormat();
        var (rowAxis, colAxis) = dataFormat == "channels_first" ? (1, 2) : (0, 1);
        // Keras compares the tensor's width with input_shape[1] whatever the data format.
        if (input_shape is not null && input_tensor is not null && input_tensor.Shape[2] != input_shape[1])
            throw new ArgumentException($"input_shape: {input_shape} and input_tensor: {input_tensor} do not meet the same shape requirements", nameof(input_shape));
        // The size of a square input ImageNet weights exist for is the default size; otherwise 224.
        var (sizeRows, sizeCols) = input_shape is not null ? (input_shape[rowAxis], input_shape[colAxis])
            : input_tensor is not null ? (input_tensor.Shape[rowAxis + 1], input_tensor.Shape[colAxis + 1]) : (224, 224);
        var defaultSize = sizeRows == sizeCols && sizeRows is 96 or 128 or 160 or 192 or 224 ? sizeRows!.Value : 224;
        input_shape = imagenet_utils.ObtainInputShape(input_shape, defaultSize, min_size: 32, dataFormat,
            require_flatten: include_top, weights);
        var rows = input_shape[rowAxis];
        var cols = input_shape[colAxis];

        string? imagenetFile = null;
        if (weights == "imagenet")
        {
            if (alpha is not (0.35 or 0.50 or 0.75 or 1.0 or 1.3 or 1.4))
                throw new ArgumentException("If imagenet weights are being loaded, alpha can be one of `0.35`, `0.50`, `0.75`, `1.0`, `1.3` or `1.4` only.", nameof(alpha));
            if (rows != cols || rows is not (96 or 128 or 160 or 192 or 224))
            {
                rows = 224;
                Console.Error.WriteLine("UserWarning: `input_shape` is undefined or non-square, or `rows` is not in [96, 128, 160, 192, 224]. Weights for input shape (224, 224) will be loaded as the default.");
            }
            var modelName = $"mobilenet_v2_weights_tf_dim_ordering_tf_kernels_{PythonFloat(alpha)}_{rows}{(include_top ? "" : "_no_top")}.h5";
            imagenetFile = imagenet_utils.FetchWeights(modelName, BASE_WEIGHT_PATH + modelName, file_hash: null);
        }

        var imgInput = imagenet_utils.ImageInput(input_tensor, input_shape);
        var channelAxis = imagenet_utils.ChannelAxis;
        var x = new ZeroPadding2D(padding: CorrectPad(imgInput, 3), name: "Conv1_pad").Apply(imgInput);
        x = new Conv2D(MakeDivisible(32 * alpha, 8), 3, strides: (2, 2), padding: "valid", use_bias: false, name: "Conv1").Apply(x);
        x = new BatchNormalization(axis: channelAxis, epsilon: 1e-3, momentum: 0.999, name: "bn_Conv1").Apply(x);
        x = new ReLU(6.0, name: "Conv1_relu").Apply(x);

        var blocks = new (int Filters, int Stride, int Expansion)[]
        {
            (16, 1, 1), (24, 2, 6), (24, 1, 6), (32, 2, 6), (32, 1, 6), (32, 1, 6), (64, 2, 6), (64, 1, 6), (64, 1, 6),
            (64, 1, 6), (96, 1, 6), (96, 1, 6), (96, 1, 6), (160, 2, 6), (160, 1, 6), (160, 1, 6), (320, 1, 6),
        };
        for (int id = 0; id < blocks.Length; id++)
            x = InvertedResBlock(x, blocks[id].Expansion, blocks[id].Stride, alpha, blocks[id].Filters, id);

        // No alpha below 1 on the last convolution, as the paper says.
        var lastBlockFilters = alpha > 1.0 ? MakeDivisible(1280 * alpha, 8) : 1280;
        x = new Conv2D(lastBlockFilters, 1, use_bias: false, name: "Conv_1").Apply(x);
        x = new BatchNormalization(axis: channelAxis, epsilon: 1e-3, momentum: 0.999, name: "Conv_1_bn").Apply(x);
        x = new ReLU(6.0, name: "out_relu").Apply(x);

        if (include_top)
        {
            x = new GlobalAveragePooling2D().Apply(x);
            x = new Dense(classes, activation: "softmax", use_bias: true, name: "Logits").Apply(x);
        }
        else x = imagenet_utils.Pooling(x, pooling);
        var name = string.Format(CultureInfo.InvariantCulture, "mobilenetv2_{0:F2}_{1}", alpha, rows?.ToString(CultureInfo.InvariantCulture) ?? "None");
        return imagenet_utils.Finish(input_tensor, imgInput, x, name, weights, imagenetFile);
    }

    /// <summary>Keras's <c>_inverted_res_block</c>: expand (1×1), depthwise 3×3, project (1×1), added to the input when the shapes allow.</summary>
    private static KerasTensor InvertedResBlock(KerasTensor inputs, int expansion, int stride, double alpha, int filters, int block_id)
    {
        var channelAxis = imagenet_utils.ChannelAxis;
        var inChannels = inputs.Shape[channelAxis]!.Value;
        var pointwiseFilters = MakeDivisible((int)(filters * alpha), 8);
        var x = inputs;
        var prefix = $"block_{block_id}_";
        if (block_id != 0)
        {
            x = new Conv2D(expansion * inChannels, 1, padding: "same", use_bias: false, activation: null, name: prefix + "expand").Apply(x);
            x = new BatchNormalization(axis: channelAxis, epsilon: 1e-3, momentum: 0.999, name: prefix + "expand_BN").Apply(x);
            x = new ReLU(6.0, name: prefix + "expand_relu").Apply(x);
        }
        else prefix = "expanded_conv_";

        if (stride == 2) x = new ZeroPadding2D(padding: CorrectPad(x, 3), name: prefix + "pad").Apply(x);
        x = new DepthwiseConv2D(3, strides: stride, activation: null, use_bias: false, padding: stride == 1 ? "same" : "valid",
                                name: prefix + "depthwise").Apply(x);
        x = new BatchNormalization(axis: channelAxis, epsilon: 1e-3, momentum: 0.999, name: prefix + "depthwise_BN").Apply(x);
        x = new ReLU(6.0, name: prefix + "depthwise_relu").Apply(x);
        x = new Conv2D(pointwiseFilters, 1, padding: "same", use_bias: false, activation: null, name: prefix + "project").Apply(x);
        x = new BatchNormalization(axis: channelAxis, epsilon: 1e-3, momentum: 0.999, name: prefix + "project_BN").Apply(x);
        return inChannels == pointwiseFilters && stride == 1 ? new Add(name: prefix + "add").Apply([inputs, x]) : x;
    }

    /// <summary>The tf repository's <c>_make_divisible</c>: the nearest multiple of the divisor, at most 10% below.</summary>
    private static int MakeDivisible(double v, int divisor)
    {
        var newV = Math.Max(divisor, (int)(v + divisor / 2.0) / divisor * divisor);
        return newV < 0.9 * v ? newV + divisor : newV;
    }

    /// <summary>keras_applications' <c>correct_pad</c>: the zero padding before a stride-2 convolution of this kernel size.</summary>
    private static Padding2D CorrectPad(KerasTensor inputs, int kernel_size)
    {
        var imgDim = Backend.KerasBackend.ImageDataFormat() == "channels_first" ? 2 : 1;
        var (height, width) = (inputs.Shape[imgDim], inputs.Shape[imgDim + 1]);
        var adjust = height is null ? (1, 1) : (1 - height.Value % 2, 1 - width!.Value % 2);
        var correct = kernel_size / 2;
        return ((correct - adjust.Item1, correct), (correct - adjust.Item2, correct));
    }

    /// <summary>Python's <c>str(float)</c> for the alphas of the file names: 1.0, 0.35, 0.5.</summary>
    private static string PythonFloat(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.') ? text : text + ".0";
    }

    /// <summary><c>preprocess_input</c>: <see cref="imagenet_utils.PreprocessInput"/> in mode "tf" (pixels to [-1, 1]).</summary>
    public static Tensor PreprocessInput(Tensor x, string? data_format = null) => imagenet_utils.PreprocessInput(x, data_format, mode: "tf");

    /// <summary><c>decode_predictions</c>: <see cref="imagenet_utils.DecodePredictions"/>.</summary>
    public static IReadOnlyList<IReadOnlyList<(string class_name, string class_description, float score)>> DecodePredictions(Tensor preds, int top = 5) =>
        imagenet_utils.DecodePredictions(preds, top);
}
