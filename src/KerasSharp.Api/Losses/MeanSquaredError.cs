using static TorchSharp.torch;

namespace KerasSharp.Losses;

/// <summary><c>mean_squared_error</c> (<c>mse</c>): mean((y_pred − y_true)²) over the last axis.</summary>
[KerasObject("MeanSquaredError", Aliases = new[] { "mean_squared_error", "mse", "MSE" })]
public sealed class MeanSquaredError : Loss
{
    public override string Name => "mean_squared_error";

    protected override Tensor Compute(Tensor y_true, Tensor y_pred) => (y_pred - y_true).square().mean(new long[] { -1 });
}
