using static TorchSharp.torch;

namespace KerasSharp.Layers;

/// <summary><c>keras.layers.ThresholdedReLU(theta=1.0)</c>: x where x &gt; theta, else 0.</summary>
[KerasLayer("ThresholdedReLU")]
public sealed class ThresholdedReLU : Layer
{
    public ThresholdedReLU(double theta = 1.0, Shape? input_shape = null, Shape? batch_input_shape = null,
                           string? name = null, bool trainable = true, string? dtype = null)
        : base(name, trainable, input_shape, batch_input_shape, dtype) => Theta = theta;

    public double Theta { get; }

    // Keras's x·cast(x > theta): the gradient is the mask, 0 at theta itself.
    protected override Tensor Call(Tensor inputs, bool training) => inputs * inputs.gt(Theta).to_type(inputs.dtype);
}
