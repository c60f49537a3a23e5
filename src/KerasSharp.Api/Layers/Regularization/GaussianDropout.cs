using System;
using static TorchSharp.torch;

namespace KerasSharp.Layers;

/// <summary>
/// <c>keras.layers.GaussianDropout(rate)</c>: in training, multiplies by noise from N(1, rate/(1 − rate)) (Keras's
/// stddev sqrt(rate/(1 − rate))); the identity at inference.
/// </summary>
[KerasLayer("GaussianDropout")]
public sealed class GaussianDropout : Layer
{
    public GaussianDropout(double rate, Shape? input_shape = null, Shape? batch_input_shape = null,
                           string? name = null, bool trainable = true, string? dtype = null)
        : base(name, trainable, input_shape, batch_input_shape, dtype)
    {
        Rate = ArgumentValidation.InRange(nameof(rate), rate, 0, 1);
    }

    public double Rate { get; }

    protected override Tensor Call(Tensor inputs, bool training)
    {
        if (!training || Rate == 0) return inputs.alias();
        var stddev = Math.Sqrt(Rate / (1.0 - Rate));
        Tensor noise;
        using (no_grad()) noise = randn_like(inputs).mul_(stddev).add_(1.0);
        return inputs * noise;
    }
}
