using static TorchSharp.torch;

namespace KerasSharp.Layers;

/// <summary><c>keras.layers.ELU(alpha=1.0)</c>: x if x &gt; 0, else alpha·(exp(x) − 1).</summary>
[KerasLayer("ELU")]
public sealed class ELU : Layer
{
    public ELU(double alpha = 1.0, Shape? input_shape = null, Shape? batch_input_shape = null, string? name = null,
               bool trainable = true, string? dtype = null)
        : base(name, trainable, input_shape, batch_input_shape, dtype)
    {
        Alpha = alpha;
        SupportsMasking = true;
    }

    public double Alpha { get; }

    protected override Tensor Call(Tensor inputs, bool training) => nn.functional.elu(inputs, Alpha);
}
