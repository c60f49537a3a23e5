using static TorchSharp.torch;

namespace KerasSharp.Layers;

/// <summary><c>keras.layers.LeakyReLU(alpha=0.3)</c> (Keras's default slope, not torch's 0.01).</summary>
[KerasLayer("LeakyReLU")]
public sealed class LeakyReLU : Layer
{
    public LeakyReLU(double alpha = 0.3, Shape? input_shape = null, Shape? batch_input_shape = null,
                     string? name = null, bool trainable = true, string? dtype = null)
        : base(name, trainable, input_shape, batch_input_shape, dtype)
    {
        Alpha = alpha;
        SupportsMasking = true;
    }

    public double Alpha { get; }

    protected override Tensor Call(Tensor inputs, bool training) => nn.functional.leaky_relu(inputs, Alpha);
}
