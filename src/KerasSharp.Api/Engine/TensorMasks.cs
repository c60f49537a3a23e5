using System.Runtime.CompilerServices;
using static TorchSharp.torch;

namespace KerasSharp;

/// <summary>
/// The masks of real tensors, as Keras 2 keeps one on each tensor a layer returns (<c>_keras_mask</c>): keyed by the
/// tensor object and released with it, so an eager chain <c>lstm.Apply(embedding.Apply(x))</c> passes the mask on.
/// </summary>
internal static class TensorMasks
{
    private static readonly ConditionalWeakTable<Tensor, Tensor> Masks = new();

    public static Tensor? Get(Tensor tensor) => Masks.TryGetValue(tensor, out var mask) && !mask.IsInvalid ? mask : null;

    public static void Attach(Tensor tensor, Tensor? mask)
    {
        if (mask is null) Masks.Remove(tensor);
        else Masks.AddOrUpdate(tensor, mask);
    }
}
