using static TorchSharp.torch;

namespace KerasSharp.Layers;

/// <summary>
/// <c>keras.layers.Masking(mask_value=0.)</c>: masks each timestep whose features all equal <c>mask_value</c>; the
/// output is the input with those timesteps zeroed, and the mask (batch, steps...) goes to the next layers.
/// </summary>
[KerasLayer("Masking")]
public sealed class Masking : Layer
{
    public Masking(double mask_value = 0.0, Shape? input_shape = null, Shape? batch_input_shape = null,
                   string? name = null, bool trainable = true, string? dtype = null)
        : base(name, trainable, input_shape, batch_input_shape, dtype)
    {
        MaskValue = mask_value;
        SupportsMasking = true;
    }

    public double MaskValue { get; }

    protected override Tensor Call(Tensor inputs, bool training)
    {
        var keep = inputs.ne(MaskValue).any(-1, keepdim: true);
        return inputs * keep.to_type(inputs.dtype);
    }

    public override Tensor? ComputeMask(Tensor inputs, Tensor? mask) => inputs.ne(MaskValue).any(-1);

    private protected override bool[] OutputMasks(bool[] inputMasks, int outputCount) => new[] { true };
}
