using System;
using System.Linq;
using static TorchSharp.torch;

namespace KerasSharp.Layers;

/// <summary>
/// <c>keras.layers.Permute(dims)</c>: reorders the axes after the batch axis; <c>dims</c> counts them from 1, so
/// <c>(2, 1)</c> swaps the first two.
/// </summary>
[KerasLayer("Permute")]
public sealed class Permute : Layer
{
    public Permute(Shape dims, Shape? input_shape = null, Shape? batch_input_shape = null, string? name = null,
                   bool trainable = true, string? dtype = null)
        : base(name, trainable, input_shape, batch_input_shape, dtype)
    {
        // tf.keras 2's check; Keras 2.2.4 left a bad permutation to the backend.
        if (!dims.Dims.OrderBy(d => d).SequenceEqual(Enumerable.Range(1, dims.Rank).Select(i => (int?)i)))
            throw new ArgumentException($"Invalid permutation `dims` for Permute Layer: {dims}. The set of indices in `dims` must be consecutive and start from 1.", nameof(dims));
        Dims = dims;
        InputSpec = new InputSpec { Ndim = dims.Rank + 1 };
    }

    public Shape Dims { get; }

    protected override Tensor Call(Tensor inputs, bool training) =>
        inputs.permute(Dims.Dims.Select(d => (long)d!.Value).Prepend(0L).ToArray());

    public override Shape ComputeOutputShape(Shape input_shape) =>
        new(Dims.Dims.Select(d => input_shape[d!.Value]).Prepend(input_shape[0]).ToArray());
}
