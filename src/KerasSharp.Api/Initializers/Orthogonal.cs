using System;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasSharp.Initializers;

/// <summary>
/// <c>keras.initializers.Orthogonal(gain=1.0, seed=None)</c>: the kernel flattened to (prod(shape[:-1]), shape[-1])
/// gets orthonormal rows or columns from the SVD of a standard normal matrix, as Keras 2 does it.
/// </summary>
[KerasObject("Orthogonal", Aliases = new[] { "orthogonal" })]
public sealed class Orthogonal : Initializer
{
    public Orthogonal(double gain = 1.0, int? seed = null) : base(seed) => Gain = gain;

    public double Gain { get; }

    protected override Tensor Sample(long[] shape, torch.Generator? generator)
    {
        if (shape.Length < 2)
            throw new ArgumentException($"The Orthogonal initializer needs a shape of rank 2 or more. Received: shape=({string.Join(", ", shape)})", nameof(shape));
        long rows = 1;
        for (int i = 0; i < shape.Length - 1; i++) rows *= shape[i];
        long cols = shape[^1];
        var a = empty(new[] { rows, cols }, float64).normal_(0.0, 1.0, generator);
        var (u, _, vh) = linalg.svd(a, fullMatrices: false);
        var q = rows >= cols ? u : vh; // the factor with the flat shape, as Keras picks it
        return (q.reshape(shape) * Gain).to_type(float32);
    }
}
