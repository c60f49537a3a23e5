namespace KerasSharp.Initializers;

/// <summary><c>keras.initializers.LecunNormal(seed=None)</c> (<c>lecun_normal</c>): VarianceScaling(scale=1.0, mode='fan_in', distribution='normal').</summary>
[KerasObject("LecunNormal", Aliases = new[] { "lecun_normal" })]
public sealed class LecunNormal : VarianceScaling
{
    public LecunNormal(int? seed = null) : base(1.0, "fan_in", "normal", seed) { }
}
