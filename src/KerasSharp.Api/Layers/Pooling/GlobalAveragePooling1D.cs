namespace KerasSharp.Layers;

/// <summary><c>keras.layers.GlobalAveragePooling1D(data_format='channels_last')</c>.</summary>
[KerasLayer("GlobalAveragePooling1D", Aliases = new[] { "GlobalAvgPool1D" })]
public sealed class GlobalAveragePooling1D : BaseGlobalPooling
{
    public GlobalAveragePooling1D(string? data_format = null, Shape? input_shape = null, Shape? batch_input_shape = null,
                  string? name = null, bool trainable = true, string? dtype = null)
        : base(1, false, data_format, input_shape, batch_input_shape, name, trainable, dtype)
    {
    }
}
