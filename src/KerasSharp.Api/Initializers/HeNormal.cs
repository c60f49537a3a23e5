namespace KerasSharp.Initializers;

/// <summary><c>keras.initializers.HeNormal(seed=None)</c> (<c>he_normal</c>): VarianceScaling(scale=2.0, mode='fan_in', distribution='normal').</summary>
[KerasObject("HeNormal", Aliases = new[] { "he_normal" })]
public sealed class HeNormal : VarianceScaling
{
    public HeNormal(int? seed = null) : base(2.0, "fan_in", "normal", seed) { }
}
