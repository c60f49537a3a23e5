using System.Collections.Generic;
using KerasSharp.Layers;
using KerasSharp.Models;
using static TorchSharp.torch;

namespace KerasSharp.Applications;

/// <summary>
/// <c>keras.applications.inception_v3</c> (keras_applications 1.0.8): <c>from keras.applications.inception_v3
/// import InceptionV3, preprocess_input, decode_predictions</c> is
/// <c>using static KerasSharp.Applications.inception_v3;</c>.
/// </summary>
public static class inception_v3
{
    public const string WEIGHTS_PATH = "https://github.com/fchollet/deep-learning-models/releases/download/v0.5/inception_v3_weights_tf_dim_ordering_tf_kernels.h5";
    public const string WEIGHTS_PATH_NO_TOP = "https://github.com/fchollet/deep-learning-models/releases/download/v0.5/inception_v3_weights_tf_dim_ordering_tf_kernels_notop.h5";

    /// <summary>
    /// <c>InceptionV3(include_top=True, weights='imagenet', input_tensor=None, input_shape=None, pooling=None,
    /// classes=1000)</c>: the stem, then the inception modules <c>mixed0</c> ... <c>mixed10</c>, global average
    /// pooling and the softmax classifier; 299×299×3 by default, at least 75×75.
    /// </summary>
    public static Model InceptionV3(bool include_top = true, string? weights = "imagenet", KerasTensor? input_tensor = null,
                                    Shape? input_shape = null, string? pooling = null, int classes = 1000)
    {
        imagenet_utils.CheckArguments(weights, include_top, classes, pooling);
        input_shape = imagenet_utils.ObtainInputShape(input_shape, default_size: 299, min_size: 75,
            Backend.KerasBackend.ImageDataFormat(), require_flatten: include_top, weights);
        var imagenetFile = weights != "imagenet" ? null : include_top
            ? imagenet_utils.FetchWeights("inception_v3_weights_tf_dim_ordering_tf_kernels.h5", WEIGHTS_PATH, "9a0d58056eeedaa3f26cb7ebd46da564")
            : imagenet_utils.FetchWeights("inception_v3_weights_tf_dim_ordering_tf_kernels_notop.h5", WEIGHTS_PATH_NO_TOP, "bcbd6486424b2319ff4ef7d526e38f63");

        var imgInput = imagenet_utils.ImageInput(input_tensor, input_shape);
        var channelAxis = imagenet_utils.ChannelAxis;
        KerasTensor AvgPool(KerasTensor t) => new AveragePooling2D((3, 3), strides: (1, 1), padding: "same").Apply(t);

        var x = Conv2dBn(imgInput, 32, 3, 3, strides: (2, 2), padding: "valid");
        x = Conv2dBn(x, 32, 3, 3, padding: "valid");
        x = Conv2dBn(x, 64, 3, 3);
        x = new MaxPooling2D((3, 3), strides: (2, 2)).Apply(x);
        x = Conv2dBn(x, 80, 1, 1, padding: "valid");
        x = Conv2dBn(x, 192, 3, 3, padding: "valid");
        x = new MaxPooling2D((3, 3), strides: (2, 2)).Apply(x);

        // mixed 0, 1, 2: 35 x 35 x 256, 288, 288
        for (int i = 0; i < 3; i++)
        {
            var branch1x1 = Conv2dBn(x, 64, 1, 1);
            var branch5x5 = Conv2dBn(Conv2dBn(x, 48, 1, 1), 64, 5, 5);
            var branch3x3dbl = Conv2dBn(Conv2dBn(Conv2dBn(x, 64, 1, 1), 96, 3, 3), 96, 3, 3);
            var branchPool = Conv2dBn(AvgPool(x), i == 0 ? 32 : 64, 1, 1);
            x = LayerFunctions.concatenate([branch1x1, branch5x5, branch3x3dbl, branchPool], axis: channelAxis, name: $"mixed{i}");
        }

        // mixed 3: 17 x 17 x 768
        {
            var branch3x3 = Conv2dBn(x, 384, 3, 3, strides: (2, 2), padding: "valid");
            var branch3x3dbl = Conv2dBn(Conv2dBn(Conv2dBn(x, 64, 1, 1), 96, 3, 3), 96, 3, 3, strides: (2, 2), padding: "valid");
            var branchPool = new MaxPooling2D((3, 3), strides: (2, 2)).Apply(x);
            x = LayerFunctions.concatenate([branch3x3, branch3x3dbl, branchPool], axis: channelAxis, name: "mixed3");
        }

        // mixed 4, 5, 6, 7: 17 x 17 x 768, with 128, 160, 160, 192 filters in the 7x7 branches
        var sevens = new[] { 128, 160, 160, 192 };
        for (int i = 0; i < 4; i++)
        {
            var f = sevens[i];
            var branch1x1 = Conv2dBn(x, 192, 1, 1);
            var branch7x7 = Conv2dBn(Conv2dBn(Conv2dBn(x, f, 1, 1), f, 1, 7), 192, 7, 1);
            var branch7x7dbl = Conv2dBn(x, f, 1, 1);
            branch7x7dbl = Conv2dBn(branch7x7dbl, f, 7, 1);
            branch7x7dbl = Conv2dBn(branch7x7dbl, f, 1, 7);
            branch7x7dbl = Conv2dBn(branch7x7dbl, f, 7, 1);
            branch7x7dbl = Conv2dBn(branch7x7dbl, 192, 1, 7);
            var branchPool = Conv2dBn(AvgPool(x), 192, 1, 1);
            x = LayerFunctions.concatenate([branch1x1, branch7x7, branch7x7dbl, branchPool], axis: channelAxis, name: $"mixed{4 + i}");
        }

        // mixed 8: 8 x 8 x 1280
        {
            var branch3x3 = Conv2dBn(Conv2dBn(x, 192, 1, 1), 320, 3, 3, strides: (2, 2), padding: "valid");
            var branch7x7x3 = Conv2dBn(x, 192, 1, 1);
            branch7x7x3 = Conv2dBn(branch7x7x3, 192, 1, 7);
            branch7x7x3 = Conv2dBn(branch7x7x3, 192, 7, 1);
            branch7x7x3 = Conv2dBn(branch7x7x3, 192, 3, 3, strides: (2, 2), padding: "valid");
            var branchPool = new MaxPooling2D((3, 3), strides: (2, 2)).Apply(x);
            x = LayerFunctions.concatenate([branch3x3, branch7x7x3, branchPool], axis: channelAxis, name: "mixed8");
        }

        // mixed 9, 10: 8 x 8 x 2048
        for (int i = 0; i < 2; i++)
        {
            var branch1x1 = Conv2dBn(x, 320, 1, 1);
            var branch3x3 = Conv2dBn(x, 384, 1, 1);
            var branch3x3_1 = Conv2dBn(branch3x3, 384, 1, 3);
            var branch3x3_2 = Conv2dBn(branch3x3, 384, 3, 1);
            branch3x3 = LayerFunctions.concatenate([branch3x3_1, branch3x3_2], axis: channelAxis, name: $"mixed9_{i}");
            var branch3x3dbl = Conv2dBn(Conv2dBn(x, 448, 1, 1), 384, 3, 3);
            var branch3x3dbl_1 = Conv2dBn(branch3x3dbl, 384, 1, 3);
            var branch3x3dbl_2 = Conv2dBn(branch3x3dbl, 384, 3, 1);
            branch3x3dbl = LayerFunctions.concatenate([branch3x3dbl_1, branch3x3dbl_2], axis: channelAxis);
            var branchPool = Conv2dBn(AvgPool(x), 192, 1, 1);
            x = LayerFunctions.concatenate([branch1x1, branch3x3, branch3x3dbl, branchPool], axis: channelAxis, name: $"mixed{9 + i}");
        }

        if (include_top)
        {
            x = new GlobalAveragePooling2D(name: "avg_pool").Apply(x);
            x = new Dense(classes, activation: "softmax", name: "predictions").Apply(x);
        }
        else x = imagenet_utils.Pooling(x, pooling);
        return imagenet_utils.Finish(input_tensor, imgInput, x, "inception_v3", weights, imagenetFile);
    }

    /// <summary>Keras's <c>conv2d_bn</c>: a convolution without bias, batch norm without scale, ReLU.</summary>
    private static KerasTensor Conv2dBn(KerasTensor x, int filters, int num_row, int num_col, string padding = "same",
                                        IntTuple2? strides = null, string? name = null)
    {
        x = new Conv2D(filters, (num_row, num_col), strides: strides ?? (1, 1), padding: padding, use_bias: false,
                       name: name is null ? null : name + "_conv").Apply(x);
        x = new BatchNormalization(axis: imagenet_utils.ChannelAxis, scale: false, name: name is null ? null : name + "_bn").Apply(x);
        return new Activation("relu", name: name).Apply(x);
    }

    /// <summary><c>preprocess_input</c>: <see cref="imagenet_utils.PreprocessInput"/> in mode "tf" (pixels to [-1, 1]).</summary>
    public static Tensor PreprocessInput(Tensor x, string? data_format = null) => imagenet_utils.PreprocessInput(x, data_format, mode: "tf");

    /// <summary><c>decode_predictions</c>: <see cref="imagenet_utils.DecodePredictions"/>.</summary>
    public static IReadOnlyList<IReadOnlyList<(string class_name, string class_description, float score)>> DecodePredictions(Tensor preds, int top = 5) =>
        imagenet_utils.DecodePredictions(preds, top);
}
