using System.Linq;
using static TorchSharp.torch;

namespace KerasSharp.Backend;

/// <summary>
/// Keras 2.2.4's backend math (keras/backend/tensorflow_backend.py), on real tensors and, recorded as graph nodes,
/// on symbolic ones: <c>K.mean(x, axis=1)</c> is <c>K.Mean(x, axis: 1)</c> with <c>using K = KerasSharp.Backend.KerasBackend;</c>.
/// </summary>
public static partial class KerasBackend
{
    /// <summary><c>K.mean(x, axis=None, keepdims=False)</c>.</summary>
    public static Tensor Mean(Tensor x, Axes? axis = null, bool keepdims = false) =>
        axis is { } a ? x.mean(a.ToLongArray(), keepdim: keepdims) : keepdims ? x.mean(Enumerable.Range(0, (int)x.dim()).Select(i => (long)i).ToArray(), keepdim: true) : x.mean();

    public static KerasTensor Mean(KerasTensor x, Axes? axis = null, bool keepdims = false) =>
        Record("mean", x, new() { ["axis"] = axis, ["keepdims"] = keepdims });

    /// <summary><c>K.square(x)</c>.</summary>
    public static Tensor Square(Tensor x) => x.square();

    public static KerasTensor Square(KerasTensor x) => Record("square", x);

    /// <summary><c>K.concatenate(tensors, axis=-1)</c>.</summary>
    public static Tensor Concatenate(System.Collections.Generic.IReadOnlyList<Tensor> tensors, int axis = -1) => cat(tensors.ToArray(), axis);

    public static KerasTensor Concatenate(KerasTensorList tensors, int axis = -1) => Record("concatenate", tensors, new() { ["axis"] = axis });
}
