using static TorchSharp.torch;

namespace KerasSharp.Losses;

/// <summary>
/// <c>binary_crossentropy</c> as Keras 2.2.4 computes it: clip p to [1e-7, 1 − 1e-7], turn it into logits
/// log(p / (1 − p)), take sigmoid cross-entropy with logits, and average over the last axis.
/// </summary>
[KerasObject("BinaryCrossentropy", Aliases = new[] { "binary_crossentropy" })]
public sealed class BinaryCrossentropy : Loss
{
    public override string Name => "binary_crossentropy";

    protected override Tensor Compute(Tensor y_true, Tensor y_pred)
    {
        var p = Clip(y_pred);
        var logits = (p / (1 - p)).log();
        return nn.functional.binary_cross_entropy_with_logits(logits, y_true.to_type(logits.dtype), reduction: nn.Reduction.None).mean(new long[] { -1 });
    }
}
