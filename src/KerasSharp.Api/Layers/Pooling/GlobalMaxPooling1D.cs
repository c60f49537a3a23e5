namespace KerasSharp.Layers;

/// <summary><c>keras.layers.GlobalMaxPooling1D(data_format='channels_last')</c>.</summary>
[KerasLayer("GlobalMaxPooling1D", Aliases = new[] { "GlobalMaxPool1D" })]
public sealed class GlobalMaxPooling1D : BaseGlobalPooling
{
    public GlobalMaxPooling1D(string? data_format = null, Shape? input_shape = null, Shape? batch_input_shape = null,
                  string? name = null, bool trainable = true, string? dtype = null)
        : base(1, true, data_format, input_shape, batch_input_shape, name, trainable, dtype)
    {
    }
}
