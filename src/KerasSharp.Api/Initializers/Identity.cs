using System;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasSharp.Initializers;

/// <summary>
/// <c>keras.initializers.Identity(gain=1.0)</c>: gain·I for a 2D weight. As Keras 2.2.4, a rectangular weight whose
/// long side is a multiple of the short side gets identity matrices stacked along the long side.
/// </summary>
[KerasObject("Identity", Aliases = new[] { "identity" })]
public sealed class Identity : Initializer
{
    public Identity(double gain = 1.0) => Gain = gain;
    public double Gain { get; }

    protected override Tensor Sample(long[] shape, torch.Generator? generator)
    {
        if (shape.Length != 2)
            throw new ArgumentException($"Identity matrix initializer can only be used for 2D matrices. Received: shape=({string.Join(", ", shape)})", nameof(shape));
        var (rows, cols) = (shape[0], shape[1]);
        if (Math.Max(rows, cols) % Math.Min(rows, cols) != 0)
            throw new ArgumentException($"Identity matrix initializer: the long side should be a multiple of the short side. Received: shape=({rows}, {cols})", nameof(shape));
        var small = Math.Min(rows, cols);
        var eye = torch.eye(small, dtype: float32) * Gain;
        return rows >= cols ? eye.repeat(rows / small, 1) : eye.repeat(1, cols / small);
    }
}
