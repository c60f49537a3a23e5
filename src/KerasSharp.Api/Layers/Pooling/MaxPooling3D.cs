namespace KerasSharp.Layers;

/// <summary><c>keras.layers.MaxPooling3D(pool_size=(2, 2, 2), strides=None, padding='valid', data_format=None)</c>: max pooling over three spatial axes; 'same' padding is never the maximum.</summary>
[KerasLayer("MaxPooling3D", Aliases = new[] { "MaxPool3D" })]
public sealed class MaxPooling3D : BasePooling
{
    public MaxPooling3D(IntTuple3? pool_size = null, IntTuple3? strides = null, string padding = "valid",
                        string? data_format = null, Shape? input_shape = null, Shape? batch_input_shape = null,
                        string? name = null, bool trainable = true, string? dtype = null)
        : base(3, true, (pool_size ?? 2).ToArray(), strides?.ToArray(), padding, data_format, input_shape,
               batch_input_shape, name, trainable, dtype)
    {
    }
}
