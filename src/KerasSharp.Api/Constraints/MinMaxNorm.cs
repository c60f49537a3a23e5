using static TorchSharp.torch;

namespace KerasSharp.Constraints;

/// <summary><c>keras.constraints.MinMaxNorm(min_value=0.0, max_value=1.0, rate=1.0, axis=0)</c>.</summary>
[KerasObject("MinMaxNorm", Aliases = new[] { "min_max_norm" })]
public sealed class MinMaxNorm : Constraint
{
    public MinMaxNorm(double min_value = 0.0, double max_value = 1.0, double rate = 1.0, long[]? axis = null)
    {
        MinValue = min_value;
        MaxValue = max_value;
        Rate = rate;
        Axis = axis ?? new long[] { 0 };
    }

    public double MinValue { get; }
    public double MaxValue { get; }
    public double Rate { get; }
    public long[] Axis { get; }

    public override Tensor Call(Tensor w)
    {
        var norms = Norms(w, Axis);
        var desired = norms.clamp(MinValue, MaxValue) * Rate + norms * (1 - Rate);
        return w * (desired / (norms + Backend.KerasBackend.Epsilon()));
    }
}
