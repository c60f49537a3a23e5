namespace KerasSharp.Layers;

/// <summary><c>keras.layers.MaxPooling1D(pool_size=2, strides=None, padding='valid', data_format='channels_last')</c>: max pooling.</summary>
[KerasLayer("MaxPooling1D", Aliases = new[] { "MaxPool1D" })]
public sealed class MaxPooling1D : BasePooling
{
    public MaxPooling1D(int pool_size = 2, int? strides = null, string padding = "valid", string? data_format = null,
                  Shape? input_shape = null, Shape? batch_input_shape = null, string? name = null,
                  bool trainable = true, string? dtype = null)
        : base(1, true, new[] { pool_size }, strides is int s ? new[] { s } : null, padding, data_format, input_shape,
               batch_input_shape, name, trainable, dtype)
    {
    }
}
