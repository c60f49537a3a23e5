using static TorchSharp.torch;

namespace KerasSharp.Layers;

/// <summary><c>keras.layers.UpSampling1D(size=2)</c>: repeats each step of <c>(batch, steps, features)</c> <c>size</c> times.</summary>
[KerasLayer("UpSampling1D")]
public sealed class UpSampling1D : Layer
{
    public UpSampling1D(int size = 2, Shape? input_shape = null, Shape? batch_input_shape = null, string? name = null,
                        bool trainable = true, string? dtype = null)
        : base(name, trainable, input_shape, batch_input_shape, dtype)
    {
        Size = ArgumentValidation.Positive(nameof(size), size);
        InputSpec = new InputSpec { Ndim = 3 };
    }

    public int Size { get; }

    protected override Tensor Call(Tensor inputs, bool training) => inputs.repeat_interleave(Size, 1);

    public override Shape ComputeOutputShape(Shape input_shape) => input_shape.Replace(1, input_shape[1] * Size);
}
