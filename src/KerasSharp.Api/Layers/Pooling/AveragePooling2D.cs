namespace KerasSharp.Layers;

/// <summary><c>keras.layers.AveragePooling2D(pool_size=(2, 2), strides=None, padding='valid', data_format=None)</c>: average pooling; with 'same' padding the padded cells are left out of each average.</summary>
[KerasLayer("AveragePooling2D", Aliases = new[] { "AveragePool2D" })]
public sealed class AveragePooling2D : BasePooling
{
    public AveragePooling2D(IntTuple2? pool_size = null, IntTuple2? strides = null, string padding = "valid",
                  string? data_format = null, Shape? input_shape = null, Shape? batch_input_shape = null,
                  string? name = null, bool trainable = true, string? dtype = null)
        : base(2, false, (pool_size ?? 2).ToArray(), strides?.ToArray(), padding, data_format, input_shape,
               batch_input_shape, name, trainable, dtype)
    {
    }
}
