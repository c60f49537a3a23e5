using System;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasSharp.Layers;

/// <summary>
/// <c>keras.layers.AlphaDropout(rate, noise_shape=None, seed=None)</c>, for SELU networks: in training a dropped unit
/// is set to α' = −λα (SELU's negative saturation), then <c>a·x + b</c> restores the mean and variance, with
/// a = ((1 − rate)(1 + rate·α'²))^−½ and b = −a·α'·rate. The identity at inference.
/// </summary>
[KerasLayer("AlphaDropout")]
public sealed class AlphaDropout : Layer
{
    // SELU's constants, as keras/layers/noise.py spells them.
    private const double SeluAlpha = 1.6732632423543772848170429916717;
    private const double SeluScale = 1.0507009873554804934193349852946;

    private readonly torch.Generator? _generator;

    public AlphaDropout(double rate, Shape? noise_shape = null, int? seed = null, Shape? input_shape = null,
                        Shape? batch_input_shape = null, string? name = null, bool trainable = true,
                        string? dtype = null)
        : base(name, trainable, input_shape, batch_input_shape, dtype)
    {
        Rate = ArgumentValidation.InRange(nameof(rate), rate, 0, 1);
        NoiseShape = noise_shape;
        Seed = seed;
        if (seed is int s) _generator = new torch.Generator((ulong)s);
    }

    public double Rate { get; }
    public Shape? NoiseShape { get; }
    public int? Seed { get; }

    /// <summary>The affine correction (a, b) for <paramref name="rate"/>, Keras's formulas.</summary>
    public static (double A, double B) Correction(double rate)
    {
        var alphaP = -SeluAlpha * SeluScale;
        var a = Math.Pow((1 - rate) * (1 + rate * alphaP * alphaP), -0.5);
        return (a, -a * alphaP * rate);
    }

    protected override Tensor Call(Tensor inputs, bool training)
    {
        if (!training || Rate == 0) return inputs.alias();
        var shape = NoiseShape is null ? inputs.shape
            : NoiseShape.Dims.Select((d, i) => d is int size ? size : inputs.shape[i]).ToArray();
        if (shape.Length != inputs.dim())
            throw new KerasException($"Layer {Name}: noise_shape={NoiseShape} does not match the rank of the input of shape {Layer.ShapeText(inputs.shape)}.");
        var (a, b) = Correction(Rate);
        var alphaP = -SeluAlpha * SeluScale;
        // A seeded layer draws on the CPU, so its seed gives the same masks on every device (as Dropout).
        var keep = torch.empty(shape, inputs.dtype, _generator is null ? inputs.device : CPU);
        using (torch.no_grad()) keep.bernoulli_(1 - Rate, _generator);
        keep = keep.to(inputs.device);
        return (inputs * keep + (1 - keep) * alphaP) * a + b;
    }
}
