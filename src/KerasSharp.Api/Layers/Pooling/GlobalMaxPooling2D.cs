namespace KerasSharp.Layers;

/// <summary><c>keras.layers.GlobalMaxPooling2D(data_format=None)</c>.</summary>
[KerasLayer("GlobalMaxPooling2D", Aliases = new[] { "GlobalMaxPool2D" })]
public sealed class GlobalMaxPooling2D : BaseGlobalPooling
{
    public GlobalMaxPooling2D(string? data_format = null, Shape? input_shape = null, Shape? batch_input_shape = null,
                  string? name = null, bool trainable = true, string? dtype = null)
        : base(2, true, data_format, input_shape, batch_input_shape, name, trainable, dtype)
    {
    }
}
