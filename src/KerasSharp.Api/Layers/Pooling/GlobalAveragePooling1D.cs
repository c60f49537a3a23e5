using KerasSharp.Backend;
using static TorchSharp.torch;

namespace KerasSharp.Layers;

/// <summary>
/// <c>keras.layers.GlobalAveragePooling1D(data_format='channels_last')</c>. A masked input (an
/// <c>Embedding(mask_zero=True)</c>'s output) is averaged over its unmasked steps only, as in Keras 2.2.4; the output
/// carries no mask.
/// </summary>
[KerasLayer("GlobalAveragePooling1D", Aliases = new[] { "GlobalAvgPool1D" })]
public sealed class GlobalAveragePooling1D : BaseGlobalPooling
{
    public GlobalAveragePooling1D(string? data_format = null, Shape? input_shape = null, Shape? batch_input_shape = null,
                  string? name = null, bool trainable = true, string? dtype = null)
        : base(1, false, data_format, input_shape, batch_input_shape, name, trainable, dtype)
    {
        SupportsMasking = true;
    }

    protected override Tensor[] Call(Tensor[] inputs, Tensor?[] masks, bool training)
    {
        if (masks[0] is not { } mask) return base.Call(inputs, masks, training);
        var stepsAxis = DataFormat == Nn.ChannelsLast ? 1 : 2;
        var weights = mask.to_type(inputs[0].dtype).unsqueeze(stepsAxis == 1 ? 2 : 1);
        return new[] { (inputs[0] * weights).sum(stepsAxis) / weights.sum(stepsAxis) };
    }

    public override Tensor? ComputeMask(Tensor inputs, Tensor? mask) => null;

    private protected override bool[] OutputMasks(bool[] inputMasks, int outputCount) => new[] { false };
}
