namespace KerasSharp.Layers;

/// <summary><c>keras.layers.AveragePooling1D(pool_size=2, strides=None, padding='valid', data_format='channels_last')</c>: average pooling; with 'same' padding the padded cells are left out of each average.</summary>
[KerasLayer("AveragePooling1D", Aliases = new[] { "AvgPool1D" })]
public sealed class AveragePooling1D : BasePooling
{
    public AveragePooling1D(int pool_size = 2, int? strides = null, string padding = "valid", string? data_format = null,
                  Shape? input_shape = null, Shape? batch_input_shape = null, string? name = null,
                  bool trainable = true, string? dtype = null)
        : base(1, false, new[] { pool_size }, strides is int s ? new[] { s } : null, padding, data_format, input_shape,
               batch_input_shape, name, trainable, dtype)
    {
    }
}
