using static TorchSharp.torch;

namespace KerasSharp.Losses;

/// <summary>
/// <c>categorical_crossentropy</c> on probabilities, as the Keras 2 backend computes it: renormalise each row, clip to
/// [1e-7, 1 − 1e-7], then −Σ y·log p. The clipping makes it differ from torch's cross_entropy on extreme outputs.
/// </summary>
[KerasObject("CategoricalCrossentropy", Aliases = new[] { "categorical_crossentropy" })]
public sealed class CategoricalCrossentropy : Loss
{
    public override string Name => "categorical_crossentropy";

    protected override Tensor Compute(Tensor y_true, Tensor y_pred)
    {
        var p = Clip(y_pred / y_pred.sum(-1, keepdim: true));
        return -(y_true * p.log()).sum(-1);
    }
}
