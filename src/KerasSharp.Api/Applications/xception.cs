using System.Collections.Generic;
using KerasSharp.Layers;
using KerasSharp.Models;
using static TorchSharp.torch;

namespace KerasSharp.Applications;

#pragma warning disable CS8981 // the Python module's name, as every application module (docs/naming.md)
/// <summary>
/// <c>keras.applications.xception</c> (keras_applications 1.0.8): <c>from keras.applications.xception import
/// Xception, preprocess_input, decode_predictions</c> is <c>using static KerasSharp.Applications.xception;</c>.
/// </summary>
public static class xception
#pragma warning restore CS8981
{
    public const string TF_WEIGHTS_PATH = "https://github.com/fchollet/deep-learning-models/releases/download/v0.4/xception_weights_tf_dim_ordering_tf_kernels.h5";
    public const string TF_WEIGHTS_PATH_NO_TOP = "https://github.com/fchollet/deep-learning-models/releases/download/v0.4/xception_weights_tf_dim_ordering_tf_kernels_notop.h5";

    /// <summary>
    /// <c>Xception(include_top=True, weights='imagenet', input_tensor=None, input_shape=None, pooling=None,
    /// classes=1000)</c>: depthwise separable convolutions in 14 blocks (<c>block1_conv1</c> ...
    /// <c>block14_sepconv2_act</c>) with residual connections, global average pooling and the softmax classifier;
    /// 299×299×3 by default, at least 71×71.
    /// </summary>
    public static Model Xception(bool include_top = true, string? weights = "imagenet", KerasTensor? input_tensor = null,
                                 Shape? input_shape = null, string? pooling = null, int classes = 1000)
    {
        imagenet_utils.CheckArguments(weights, include_top, classes, pooling);
        input_shape = imagenet_utils.ObtainInputShape(input_shape, default_size: 299, min_size: 71,
            Backend.KerasBackend.ImageDataFormat(), require_flatten: include_top, weights);
        var imagenetFile = weights != "imagenet" ? null : include_top
            ? imagenet_utils.FetchWeights("xception_weights_tf_dim_ordering_tf_kernels.h5", TF_WEIGHTS_PATH, "0a58e3b7378bc2990ea3b43d5981f1f6")
            : imagenet_utils.FetchWeights("xception_weights_tf_dim_ordering_tf_kernels_notop.h5", TF_WEIGHTS_PATH_NO_TOP, "b0042744bf5b25fce3cb969f33bebb97");

        var imgInput = imagenet_utils.ImageInput(input_tensor, input_shape);
        var channelAxis = imagenet_utils.ChannelAxis;
        KerasTensor Bn(KerasTensor t, string? name = null) => new BatchNormalization(axis: channelAxis, name: name).Apply(t);
        KerasTensor Relu(KerasTensor t, string name) => new Activation("relu", name: name).Apply(t);
        KerasTensor SepConv(KerasTensor t, int filters, string name) =>
            new SeparableConv2D(filters, (3, 3), padding: "same", use_bias: false, name: name).Apply(t);
        KerasTensor Residual(KerasTensor t, int filters) =>
            Bn(new Conv2D(filters, (1, 1), strides: (2, 2), padding: "same", use_bias: false).Apply(t));
        KerasTensor Pool(KerasTensor t, string name) => new MaxPooling2D((3, 3), strides: (2, 2), padding: "same", name: name).Apply(t);

        var x = new Conv2D(32, (3, 3), strides: (2, 2), use_bias: false, name: "block1_conv1").Apply(imgInput);
        x = Relu(Bn(x, "block1_conv1_bn"), "block1_conv1_act");
        x = new Conv2D(64, (3, 3), use_bias: false, name: "block1_conv2").Apply(x);
        x = Relu(Bn(x, "block1_conv2_bn"), "block1_conv2_act");

        var residual = Residual(x, 128);
        x = Bn(SepConv(x, 128, "block2_sepconv1"), "block2_sepconv1_bn");
        x = Relu(x, "block2_sepconv2_act");
        x = Bn(SepConv(x, 128, "block2_sepconv2"), "block2_sepconv2_bn");
        x = LayerFunctions.add([Pool(x, "block2_pool"), residual]);

        // Blocks 3 and 4: the entry flow's downsampling blocks, each begun by a ReLU.
        foreach (var (block, filters) in new[] { (3, 256), (4, 728) })
        {
            residual = Residual(x, filters);
            x = Relu(x, $"block{block}_sepconv1_act");
            x = Bn(SepConv(x, filters, $"block{block}_sepconv1"), $"block{block}_sepconv1_bn");
            x = Relu(x, $"block{block}_sepconv2_act");
            x = Bn(SepConv(x, filters, $"block{block}_sepconv2"), $"block{block}_sepconv2_bn");
            x = LayerFunctions.add([Pool(x, $"block{block}_pool"), residual]);
        }

        // Blocks 5 to 12: the middle flow.
        for (int i = 0; i < 8; i++)
        {
            residual = x;
            var prefix = $"block{i + 5}";
            for (int j = 1; j <= 3; j++)
                x = Bn(SepConv(Relu(x, $"{prefix}_sepconv{j}_act"), 728, $"{prefix}_sepconv{j}"), $"{prefix}_sepconv{j}_bn");
            x = LayerFunctions.add([x, residual]);
        }

        residual = Residual(x, 1024);
        x = Relu(x, "block13_sepconv1_act");
        x = Bn(SepConv(x, 728, "block13_sepconv1"), "block13_sepconv1_bn");
        x = Relu(x, "block13_sepconv2_act");
        x = Bn(SepConv(x, 1024, "block13_sepconv2"), "block13_sepconv2_bn");
        x = LayerFunctions.add([Pool(x, "block13_pool"), residual]);

        x = Relu(Bn(SepConv(x, 1536, "block14_sepconv1"), "block14_sepconv1_bn"), "block14_sepconv1_act");
        x = Relu(Bn(SepConv(x, 2048, "block14_sepconv2"), "block14_sepconv2_bn"), "block14_sepconv2_act");

        if (include_top)
        {
            x = new GlobalAveragePooling2D(name: "avg_pool").Apply(x);
            x = new Dense(classes, activation: "softmax", name: "predictions").Apply(x);
        }
        else x = imagenet_utils.Pooling(x, pooling);
        return imagenet_utils.Finish(input_tensor, imgInput, x, "xception", weights, imagenetFile);
    }

    /// <summary><c>preprocess_input</c>: <see cref="imagenet_utils.PreprocessInput"/> in mode "tf" (pixels to [-1, 1]).</summary>
    public static Tensor PreprocessInput(Tensor x, string? data_format = null) => imagenet_utils.PreprocessInput(x, data_format, mode: "tf");

    /// <summary><c>decode_predictions</c>: <see cref="imagenet_utils.DecodePredictions"/>.</summary>
    public static IReadOnlyList<IReadOnlyList<(string class_name, string class_description, float score)>> DecodePredictions(Tensor preds, int top = 5) =>
        imagenet_utils.DecodePredictions(preds, top);
}
