using static TorchSharp.torch;

namespace KerasSharp.Layers;

/// <summary><c>keras.layers.RepeatVector(n)</c>: repeats a (batch, features) input n times, giving (batch, n, features).</summary>
[KerasLayer("RepeatVector")]
public sealed class RepeatVector : Layer
{
    public RepeatVector(int n, Shape? input_shape = null, Shape? batch_input_shape = null,
                        string? name = null, bool trainable = true, string? dtype = null)
        : base(name, trainable, input_shape, batch_input_shape, dtype)
    {
        N = ArgumentValidation.Positive(nameof(n), n);
        InputSpec = new InputSpec { Ndim = 2 };
    }

    public int N { get; }

    protected override Tensor Call(Tensor inputs, bool training) => inputs.unsqueeze(1).expand(-1, N, -1).contiguous();

    public override Shape ComputeOutputShape(Shape input_shape) => new(input_shape[0], N, input_shape[1]);
}
