namespace KerasSharp.Initializers;

/// <summary><c>keras.initializers.GlorotNormal(seed=None)</c> (<c>glorot_normal</c>): VarianceScaling(scale=1.0, mode='fan_avg', distribution='normal').</summary>
[KerasObject("GlorotNormal", Aliases = new[] { "glorot_normal" })]
public sealed class GlorotNormal : VarianceScaling
{
    public GlorotNormal(int? seed = null) : base(1.0, "fan_avg", "normal", seed) { }
}
