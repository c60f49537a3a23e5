namespace KerasSharp.Initializers;

/// <summary><c>keras.initializers.LecunUniform(seed=None)</c> (<c>lecun_uniform</c>): VarianceScaling(scale=1.0, mode='fan_in', distribution='uniform').</summary>
[KerasObject("LecunUniform", Aliases = new[] { "lecun_uniform" })]
public sealed class LecunUniform : VarianceScaling
{
    public LecunUniform(int? seed = null) : base(1.0, "fan_in", "uniform", seed) { }
}
