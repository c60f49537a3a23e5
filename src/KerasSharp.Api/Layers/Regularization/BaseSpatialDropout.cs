using System;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasSharp.Layers;

/// <summary>
/// Keras's SpatialDropout layers: Dropout whose mask covers whole feature maps (one draw per sample and channel),
/// kept maps scaled by 1/(1 − rate) in training, the identity at inference. <c>noise_shape</c> is accepted because
/// Keras's Dropout config writes it, and ignored as Keras ignores it: the layer sets its own.
/// </summary>
public abstract class BaseSpatialDropout : Layer
{
    private readonly torch.Generator? _generator;

    protected BaseSpatialDropout(int rank, double rate, Shape? noise_shape, int? seed, Shape? input_shape,
                                 Shape? batch_input_shape, string? name, bool trainable, string? dtype)
        : base(name, trainable, input_shape, batch_input_shape, dtype)
    {
        Rate = ArgumentValidation.InRange(nameof(rate), rate, 0, 1);
        NoiseShape = noise_shape;
        Seed = seed;
        if (seed is int s) _generator = new torch.Generator((ulong)s);
        InputSpec = new InputSpec { Ndim = rank + 2 };
    }

    public double Rate { get; }
    public Shape? NoiseShape { get; }
    public int? Seed { get; }

    /// <summary>The channel axis of the input (the mask has the input's size there and on the batch axis, 1 elsewhere).</summary>
    protected abstract int ChannelAxis { get; }

    protected override Tensor Call(Tensor inputs, bool training)
    {
        if (!training || Rate == 0) return inputs.alias();
        var shape = new long[inputs.dim()];
        Array.Fill(shape, 1L);
        shape[0] = inputs.shape[0];
        shape[ChannelAxis] = inputs.shape[ChannelAxis];
        // A seeded layer draws its masks on the CPU, so its seed gives the same masks on every device (as Dropout).
        var keep = torch.empty(shape, inputs.dtype, _generator is null ? inputs.device : CPU);
        using (torch.no_grad())
            keep.bernoulli_(1 - Rate, _generator).div_(1 - Rate);
        return inputs * keep.to(inputs.device);
    }
}
