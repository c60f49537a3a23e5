namespace KerasSharp.Layers;

/// <summary><c>keras.layers.MaxPooling2D(pool_size=(2, 2), strides=None, padding='valid', data_format=None)</c>: max pooling; 'same' padding is never the maximum.</summary>
[KerasLayer("MaxPooling2D", Aliases = new[] { "MaxPool2D" })]
public sealed class MaxPooling2D : BasePooling
{
    public MaxPooling2D(IntTuple2? pool_size = null, IntTuple2? strides = null, string padding = "valid",
                  string? data_format = null, Shape? input_shape = null, Shape? batch_input_shape = null,
                  string? name = null, bool trainable = true, string? dtype = null)
        : base(2, true, (pool_size ?? 2).ToArray(), strides?.ToArray(), padding, data_format, input_shape,
               batch_input_shape, name, trainable, dtype)
    {
    }
}
