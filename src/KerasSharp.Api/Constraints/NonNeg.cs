using static TorchSharp.torch;

namespace KerasSharp.Constraints;

/// <summary><c>keras.constraints.NonNeg()</c>: negative entries become zero.</summary>
[KerasObject("NonNeg", Aliases = new[] { "non_neg", "nonneg" })]
public sealed class NonNeg : Constraint
{
    public override Tensor Call(Tensor w) => w * w.ge(0).to_type(w.dtype);
}
