using TorchSharp;
using static TorchSharp.torch;

namespace KerasSharp.Initializers;

/// <summary><c>keras.initializers.Constant(value=0)</c>.</summary>
[KerasObject("Constant", Aliases = new[] { "constant" })]
public sealed class Constant : Initializer
{
    public Constant(double value = 0) => Value = value;
    public double Value { get; }
    protected override Tensor Sample(long[] shape, torch.Generator? generator) => full(shape, Value, float32);
}
