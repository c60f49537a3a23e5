namespace KerasSharp.Initializers;

/// <summary><c>keras.initializers.GlorotUniform(seed=None)</c> (<c>glorot_uniform: the Keras default kernel initializer, limit sqrt(6 / (fan_in + fan_out))</c>): VarianceScaling(scale=1.0, mode='fan_avg', distribution='uniform').</summary>
[KerasObject("GlorotUniform", Aliases = new[] { "glorot_uniform" })]
public sealed class GlorotUniform : VarianceScaling
{
    public GlorotUniform(int? seed = null) : base(1.0, "fan_avg", "uniform", seed) { }
}
