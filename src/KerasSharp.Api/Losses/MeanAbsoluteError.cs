using static TorchSharp.torch;

namespace KerasSharp.Losses;

/// <summary><c>mean_absolute_error</c> (<c>mae</c>): mean(|y_pred − y_true|) over the last axis.</summary>
[KerasObject("MeanAbsoluteError", Aliases = new[] { "mean_absolute_error", "mae", "MAE" })]
public sealed class MeanAbsoluteError : Loss
{
    public override string Name => "mean_absolute_error";

    protected override Tensor Compute(Tensor y_true, Tensor y_pred) => (y_pred - y_true).abs().mean(new long[] { -1 });
}
