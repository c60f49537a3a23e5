namespace KerasSharp.Layers;

/// <summary><c>keras.layers.GlobalAveragePooling2D(data_format=None)</c>.</summary>
[KerasLayer("GlobalAveragePooling2D", Aliases = new[] { "GlobalAvgPool2D" })]
public sealed class GlobalAveragePooling2D : BaseGlobalPooling
{
    public GlobalAveragePooling2D(string? data_format = null, Shape? input_shape = null, Shape? batch_input_shape = null,
                  string? name = null, bool trainable = true, string? dtype = null)
        : base(2, false, data_format, input_shape, batch_input_shape, name, trainable, dtype)
    {
    }
}
