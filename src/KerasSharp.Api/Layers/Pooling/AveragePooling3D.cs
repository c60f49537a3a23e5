namespace KerasSharp.Layers;

/// <summary><c>keras.layers.AveragePooling3D(pool_size=(2, 2, 2), strides=None, padding='valid', data_format=None)</c>: average pooling over three spatial axes; with 'same' padding the padded cells are left out of each average.</summary>
[KerasLayer("AveragePooling3D", Aliases = new[] { "AvgPool3D" })]
public sealed class AveragePooling3D : BasePooling
{
    public AveragePooling3D(IntTuple3? pool_size = null, IntTuple3? strides = null, string padding = "valid",
                            string? data_format = null, Shape? input_shape = null, Shape? batch_input_shape = null,
                            string? name = null, bool trainable = true, string? dtype = null)
        : base(3, false, (pool_size ?? 2).ToArray(), strides?.ToArray(), padding, data_format, input_shape,
               batch_input_shape, name, trainable, dtype)
    {
    }
}
