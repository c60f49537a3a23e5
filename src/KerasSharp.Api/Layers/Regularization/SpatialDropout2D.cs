using KerasSharp.Backend;

namespace KerasSharp.Layers;

/// <summary><c>keras.layers.SpatialDropout2D(rate, data_format=None)</c>: drops whole feature maps of an image batch.</summary>
[KerasLayer("SpatialDropout2D")]
public sealed class SpatialDropout2D : BaseSpatialDropout
{
    public SpatialDropout2D(double rate, string? data_format = null, Shape? noise_shape = null, int? seed = null,
                            Shape? input_shape = null, Shape? batch_input_shape = null, string? name = null,
                            bool trainable = true, string? dtype = null)
        : base(2, rate, noise_shape, seed, input_shape, batch_input_shape, name, trainable, dtype)
    {
        DataFormat = ArgumentValidation.DataFormat(data_format);
    }

    public string DataFormat { get; }

    protected override int ChannelAxis => DataFormat == Nn.ChannelsLast ? 3 : 1;
}
