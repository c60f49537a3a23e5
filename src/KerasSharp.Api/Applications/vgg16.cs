using System.Collections.Generic;
using KerasSharp.Models;
using static TorchSharp.torch;

namespace KerasSharp.Applications;

/// <summary>
/// <c>keras.applications.vgg16</c> (keras_applications 1.0.8): <c>from keras.applications.vgg16 import VGG16,
/// preprocess_input, decode_predictions</c> is <c>using static KerasSharp.Applications.vgg16;</c>, then
/// <c>var model = VGG16(weights: "imagenet");</c>.
/// </summary>
public static class vgg16
{
    public const string WEIGHTS_PATH = "https://github.com/fchollet/deep-learning-models/releases/download/v0.1/vgg16_weights_tf_dim_ordering_tf_kernels.h5";
    public const string WEIGHTS_PATH_NO_TOP = "https://github.com/fchollet/deep-learning-models/releases/download/v0.1/vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5";

    /// <summary>
    /// <c>VGG16(include_top=True, weights='imagenet', input_tensor=None, input_shape=None, pooling=None,
    /// classes=1000)</c>: 13 3×3 convolutions in 5 blocks, then (with the top) two 4096-unit Dense layers and the
    /// softmax classifier; 224×224×3 by default, at least 32×32. <paramref name="weights"/>: null (random),
    /// "imagenet" (Keras's file in <c>$KERAS_HOME/models</c>, downloaded when absent) or a weights file's path.
    /// </summary>
    public static Model VGG16(bool include_top = true, string? weights = "imagenet", KerasTensor? input_tensor = null,
                              Shape? input_shape = null, string? pooling = null, int classes = 1000) =>
        Vgg.Build("vgg16", new[] { 2, 2, 3, 3, 3 }, include_top, weights, input_tensor, input_shape, pooling, classes,
                  ("vgg16_weights_tf_dim_ordering_tf_kernels.h5", WEIGHTS_PATH, "64373286793e3c8b2b4e3219cbf3544b"),
                  ("vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5", WEIGHTS_PATH_NO_TOP, "6d6bbae143d832006294945121d1f1fc"));

    /// <summary><c>preprocess_input</c>: <see cref="imagenet_utils.PreprocessInput"/> ("caffe" by default).</summary>
    public static Tensor PreprocessInput(Tensor x, string? data_format = null, string mode = "caffe") =>
        imagenet_utils.PreprocessInput(x, data_format, mode);

    /// <summary><c>decode_predictions</c>: <see cref="imagenet_utils.DecodePredictions"/>.</summary>
    public static IReadOnlyList<IReadOnlyList<(string class_name, string class_description, float score)>> DecodePredictions(Tensor preds, int top = 5) =>
        imagenet_utils.DecodePredictions(preds, top);
}
