using static TorchSharp.torch;

namespace KerasSharp.Constraints;

/// <summary><c>keras.constraints.UnitNorm(axis=0)</c>.</summary>
[KerasObject("UnitNorm", Aliases = new[] { "unit_norm", "unitnorm" })]
public sealed class UnitNorm : Constraint
{
    public UnitNorm(long[]? axis = null) => Axis = axis ?? new long[] { 0 };

    public long[] Axis { get; }

    public override Tensor Call(Tensor w) => w / (Norms(w, Axis) + Backend.KerasBackend.Epsilon());
}
