using System;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasSharp.Layers;

/// <summary>
/// <c>keras.layers.Dropout(rate, noise_shape=None, seed=None)</c>: inverted dropout in training (kept units scaled
/// by 1/(1 − rate)), the identity at inference. <c>noise_shape</c> entries left null take the input's size.
/// </summary>
[KerasLayer("Dropout")]
public sealed class Dropout : Layer
{
    private readonly torch.Generator? _generator;

    public Dropout(double rate, Shape? noise_shape = null, int? seed = null, Shape? input_shape = null,
                   Shape? batch_input_shape = null, string? name = null, bool trainable = true, string? dtype = null)
        : base(name, trainable, input_shape, batch_input_shape, dtype)
    {
        SupportsMasking = true;
        Rate = ArgumentValidation.InRange(nameof(rate), rate, 0, 1);
        NoiseShape = noise_shape;
        Seed = seed;
        if (seed is int s) _generator = new torch.Generator((ulong)s);
    }

    public double Rate { get; }
    public Shape? NoiseShape { get; }
    public int? Seed { get; }

    protected override Tensor Call(Tensor inputs, bool training)
    {
        if (!training || Rate == 0) return inputs.alias();
        if (NoiseShape is null && _generator is null) return nn.functional.dropout(inputs, Rate, training: true);
        var shape = NoiseShape is null ? inputs.shape
            : NoiseShape.Dims.Select((d, i) => d is int size ? size : inputs.shape[i]).ToArray();
        if (shape.Length != inputs.dim())
            throw new KerasException($"Layer {Name}: noise_shape={NoiseShape} does not match the rank of the input of shape {Layer.ShapeText(inputs.shape)}.");
        // A seeded layer draws its masks on the CPU, so its seed gives the same masks on every device.
        var keep = torch.empty(shape, inputs.dtype, _generator is null ? inputs.device : CPU);
        using (torch.no_grad())
            keep.bernoulli_(1 - Rate, _generator).div_(1 - Rate);
        return inputs * keep.to(inputs.device);
    }
}
