using System;
using static TorchSharp.torch;

namespace KerasSharp.Utils;

/// <summary>The numpy helpers a Keras port needs (<c>keras.utils.np_utils</c>); no numpy clone beyond these.</summary>
public static class NpUtils
{
    /// <summary>
    /// <c>np_utils.to_categorical(y, num_classes)</c>: integer classes to float32 one-hot vectors. As in Keras, a
    /// trailing axis of size 1 is dropped, so (n, 1) and (n,) both give (n, num_classes).
    /// <paramref name="num_classes"/> defaults to max(y) + 1.
    /// </summary>
    public static Tensor ToCategorical(Tensor y, int? num_classes = null)
    {
        var labels = y.reshape(-1).to_type(ScalarType.Int64);
        if (labels.numel() > 0 && labels.min().item<long>() < 0)
            throw new ArgumentException($"to_categorical expects non-negative class indices. Received a minimum of {labels.min().item<long>()}.", nameof(y));
        var classes = num_classes ?? (labels.numel() == 0 ? 0 : (int)labels.max().item<long>() + 1);
        if (labels.numel() > 0 && labels.max().item<long>() >= classes)
            throw new ArgumentException($"to_categorical: class index {labels.max().item<long>()} is out of range for num_classes={classes}.", nameof(num_classes));
        var shape = y.dim() > 1 && y.shape[^1] == 1 ? y.shape[..^1] : y.shape;
        return nn.functional.one_hot(labels, classes).to_type(ScalarType.Float32).reshape([.. shape, classes]);
    }
}
