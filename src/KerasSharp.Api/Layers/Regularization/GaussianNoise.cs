using static TorchSharp.torch;

namespace KerasSharp.Layers;

/// <summary>
/// <c>keras.layers.GaussianNoise(stddev)</c>: adds N(0, stddev²) noise in training (torch's generator, seeded by
/// <c>KerasBackend.SetSeed</c>); the identity at inference.
/// </summary>
[KerasLayer("GaussianNoise")]
public sealed class GaussianNoise : Layer
{
    public GaussianNoise(double stddev, Shape? input_shape = null, Shape? batch_input_shape = null, string? name = null,
                         bool trainable = true, string? dtype = null)
        : base(name, trainable, input_shape, batch_input_shape, dtype)
        => Stddev = stddev;

    public double Stddev { get; }

    protected override Tensor Call(Tensor inputs, bool training) =>
        training ? inputs + randn_like(inputs) * Stddev : inputs.alias();
}
