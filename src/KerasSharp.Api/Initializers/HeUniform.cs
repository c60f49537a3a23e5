namespace KerasSharp.Initializers;

/// <summary><c>keras.initializers.HeUniform(seed=None)</c> (<c>he_uniform</c>): VarianceScaling(scale=2.0, mode='fan_in', distribution='uniform').</summary>
[KerasObject("HeUniform", Aliases = new[] { "he_uniform" })]
public sealed class HeUniform : VarianceScaling
{
    public HeUniform(int? seed = null) : base(2.0, "fan_in", "uniform", seed) { }
}
