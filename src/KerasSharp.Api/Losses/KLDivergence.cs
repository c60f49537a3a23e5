using static TorchSharp.torch;

namespace KerasSharp.Losses;

/// <summary><c>kullback_leibler_divergence</c> (<c>kld</c>): Σ y·log(y / p) with both clipped to [1e-7, 1].</summary>
[KerasObject("KLDivergence", Aliases = new[] { "kullback_leibler_divergence", "kld", "KLD" })]
public sealed class KLDivergence : Loss
{
    public override string Name => "kullback_leibler_divergence";

    protected override Tensor Compute(Tensor y_true, Tensor y_pred)
    {
        var y = Clip(y_true, 1);
        return (y * (y / Clip(y_pred, 1)).log()).sum(-1);
    }
}
