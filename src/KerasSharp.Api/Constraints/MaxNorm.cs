using static TorchSharp.torch;

namespace KerasSharp.Constraints;

/// <summary><c>keras.constraints.MaxNorm(max_value=2, axis=0)</c>.</summary>
[KerasObject("MaxNorm", Aliases = new[] { "max_norm", "maxnorm" })]
public sealed class MaxNorm : Constraint
{
    public MaxNorm(double max_value = 2, long[]? axis = null)
    {
        MaxValue = max_value;
        Axis = axis ?? new long[] { 0 };
    }

    public double MaxValue { get; }
    public long[] Axis { get; }

    public override Tensor Call(Tensor w)
    {
        var norms = Norms(w, Axis);
        return w * (norms.clamp(0, MaxValue) / (norms + Backend.KerasBackend.Epsilon()));
    }
}
