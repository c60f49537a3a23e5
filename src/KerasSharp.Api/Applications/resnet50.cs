using System;
using System.Collections.Generic;
using KerasSharp.Layers;
using KerasSharp.Models;
using static TorchSharp.torch;

namespace KerasSharp.Applications;

/// <summary>
/// <c>keras.applications.resnet50</c> (keras_applications 1.0.8): <c>from keras.applications.resnet50 import
/// ResNet50, preprocess_input, decode_predictions</c> is <c>using static KerasSharp.Applications.resnet50;</c>.
/// </summary>
public static class resnet50
{
    public const string WEIGHTS_PATH = "https://github.com/fchollet/deep-learning-models/releases/download/v0.2/resnet50_weights_tf_dim_ordering_tf_kernels.h5";
    public const string WEIGHTS_PATH_NO_TOP = "https://github.com/fchollet/deep-learning-models/releases/download/v0.2/resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5";

    /// <summary>
    /// <c>ResNet50(include_top=True, weights='imagenet', input_tensor=None, input_shape=None, pooling=None,
    /// classes=1000)</c>: the 50-layer residual network (a 7×7 convolution, then 16 bottleneck blocks in 4 stages:
    /// <c>res2a_branch2a</c> ... <c>res5c_branch2c</c>), global average pooling and the softmax classifier
    /// <c>fc1000</c>; 224×224×3 by default, at least 32×32.
    /// </summary>
    public static Model ResNet50(bool include_top = true, string? weights = "imagenet", KerasTensor? input_tensor = null,
                                 Shape? input_shape = null, string? pooling = null, int classes = 1000)
    {
        imagenet_utils.CheckArguments(weights, include_top, classes, pooling);
        input_shape = imagenet_utils.ObtainInputShape(input_shape, default_size: 224, min_size: 32,
            Backend.KerasBackend.ImageDataFormat(), require_flatten: include_top, weights);
        var imagenetFile = weights != "imagenet" ? null : include_top
            ? imagenet_utils.FetchWeights("resnet50_weights_tf_dim_ordering_tf_kernels.h5", WEIGHTS_PATH, "a7b3fe01876f51b976af0dea6bc144eb")
            : imagenet_utils.FetchWeights("resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5", WEIGHTS_PATH_NO_TOP, "a268eb855778b3df3c7506639542a6af");

        var imgInput = imagenet_utils.ImageInput(input_tensor, input_shape);
        var bnAxis = imagenet_utils.ChannelAxis;
        var x = new ZeroPadding2D(padding: (3, 3), name: "conv1_pad").Apply(imgInput);
        x = new Conv2D(64, (7, 7), strides: (2, 2), padding: "valid", kernel_initializer: "he_normal", name: "conv1").Apply(x);
        x = new BatchNormalization(axis: bnAxis, name: "bn_conv1").Apply(x);
        x = new Activation("relu").Apply(x);
        x = new ZeroPadding2D(padding: (1, 1), name: "pool1_pad").Apply(x);
        x = new MaxPooling2D((3, 3), strides: (2, 2)).Apply(x);

        x = ConvBlock(x, 3, (64, 64, 256), stage: 2, block: "a", strides: (1, 1));
        x = IdentityBlock(x, 3, (64, 64, 256), stage: 2, block: "b");
        x = IdentityBlock(x, 3, (64, 64, 256), stage: 2, block: "c");

        x = ConvBlock(x, 3, (128, 128, 512), stage: 3, block: "a");
        foreach (var block in new[] { "b", "c", "d" }) x = IdentityBlock(x, 3, (128, 128, 512), stage: 3, block: block);

        x = ConvBlock(x, 3, (256, 256, 1024), stage: 4, block: "a");
        foreach (var block in new[] { "b", "c", "d", "e", "f" }) x = IdentityBlock(x, 3, (256, 256, 1024), stage: 4, block: block);

        x = ConvBlock(x, 3, (512, 512, 2048), stage: 5, block: "a");
        x = IdentityBlock(x, 3, (512, 512, 2048), stage: 5, block: "b");
        x = IdentityBlock(x, 3, (512, 512, 2048), stage: 5, block: "c");

        if (include_top)
        {
            x = new GlobalAveragePooling2D(name: "avg_pool").Apply(x);
            x = new Dense(classes, activation: "softmax", name: "fc1000").Apply(x);
        }
        else
        {
            if (pooling is null)
                Console.Error.WriteLine("UserWarning: The output shape of `ResNet50(include_top=False)` has been changed since Keras 2.2.0.");
            x = imagenet_utils.Pooling(x, pooling);
        }
        return imagenet_utils.Finish(input_tensor, imgInput, x, "resnet50", weights, imagenetFile);
    }

    /// <summary>Keras's <c>identity_block</c>: three convolutions (1×1, k×k, 1×1) added to the block's input.</summary>
    private static KerasTensor IdentityBlock(KerasTensor input_tensor, int kernel_size, (int, int, int) filters, int stage, string block)
    {
        var (filters1, filters2, filters3) = filters;
        var bnAxis = imagenet_utils.ChannelAxis;
        var convName = $"res{stage}{block}_branch";
        var bnName = $"bn{stage}{block}_branch";
        var x = new Conv2D(filters1, (1, 1), kernel_initializer: "he_normal", name: convName + "2a").Apply(input_tensor);
        x = new BatchNormalization(axis: bnAxis, name: bnName + "2a").Apply(x);
        x = new Activation("relu").Apply(x);
        x = new Conv2D(filters2, kernel_size, padding: "same", kernel_initializer: "he_normal", name: convName + "2b").Apply(x);
        x = new BatchNormalization(axis: bnAxis, name: bnName + "2b").Apply(x);
        x = new Activation("relu").Apply(x);
        x = new Conv2D(filters3, (1, 1), kernel_initializer: "he_normal", name: convName + "2c").Apply(x);
        x = new BatchNormalization(axis: bnAxis, name: bnName + "2c").Apply(x);
        x = LayerFunctions.add([x, input_tensor]);
        return new Activation("relu").Apply(x);
    }

    /// <summary>Keras's <c>conv_block</c>: as the identity block, with strides, and a 1×1 convolution on the shortcut.</summary>
    private static KerasTensor ConvBlock(KerasTensor input_tensor, int kernel_size, (int, int, int) filters, int stage, string block,
                                         IntTuple2? strides = null)
    {
        var (filters1, filters2, filters3) = filters;
        var bnAxis = imagenet_utils.ChannelAxis;
        var convName = $"res{stage}{block}_branch";
        var bnName = $"bn{stage}{block}_branch";
        strides ??= (2, 2);
        var x = new Conv2D(filters1, (1, 1), strides: strides, kernel_initializer: "he_normal", name: convName + "2a").Apply(input_tensor);
        x = new BatchNormalization(axis: bnAxis, name: bnName + "2a").Apply(x);
        x = new Activation("relu").Apply(x);
        x = new Conv2D(filters2, kernel_size, padding: "same", kernel_initializer: "he_normal", name: convName + "2b").Apply(x);
        x = new BatchNormalization(axis: bnAxis, name: bnName + "2b").Apply(x);
        x = new Activation("relu").Apply(x);
        x = new Conv2D(filters3, (1, 1), kernel_initializer: "he_normal", name: convName + "2c").Apply(x);
        x = new BatchNormalization(axis: bnAxis, name: bnName + "2c").Apply(x);
        var shortcut = new Conv2D(filters3, (1, 1), strides: strides, kernel_initializer: "he_normal", name: convName + "1").Apply(input_tensor);
        shortcut = new BatchNormalization(axis: bnAxis, name: bnName + "1").Apply(shortcut);
        x = LayerFunctions.add([x, shortcut]);
        return new Activation("relu").Apply(x);
    }

    /// <summary><c>preprocess_input</c>: <see cref="imagenet_utils.PreprocessInput"/> ("caffe" by default).</summary>
    public static Tensor PreprocessInput(Tensor x, string? data_format = null, string mode = "caffe") =>
        imagenet_utils.PreprocessInput(x, data_format, mode);

    /// <summary><c>decode_predictions</c>: <see cref="imagenet_utils.DecodePredictions"/>.</summary>
    public static IReadOnlyList<IReadOnlyList<(string class_name, string class_description, float score)>> DecodePredictions(Tensor preds, int top = 5) =>
        imagenet_utils.DecodePredictions(preds, top);
}
