namespace KerasSharp.Layers;

/// <summary><c>keras.layers.SpatialDropout1D(rate)</c>: drops whole channels of <c>(batch, steps, channels)</c>.</summary>
[KerasLayer("SpatialDropout1D")]
public sealed class SpatialDropout1D : BaseSpatialDropout
{
    public SpatialDropout1D(double rate, Shape? noise_shape = null, int? seed = null, Shape? input_shape = null,
                            Shape? batch_input_shape = null, string? name = null, bool trainable = true,
                            string? dtype = null)
        : base(1, rate, noise_shape, seed, input_shape, batch_input_shape, name, trainable, dtype)
    {
    }

    protected override int ChannelAxis => 2;
}
