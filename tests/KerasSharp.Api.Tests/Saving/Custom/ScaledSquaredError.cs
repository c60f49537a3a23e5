using KerasSharp.Losses;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Saving.Custom;

/// <summary>A user's loss, declared as the built-in ones are, for the registration tests.</summary>
[KerasObject("ScaledSquaredError", Aliases = new[] { "scaled_squared_error" })]
public sealed class ScaledSquaredError : Loss
{
    public override string Name => "scaled_squared_error";

    protected override Tensor Compute(Tensor y_true, Tensor y_pred) => (y_pred - y_true).square().mean(new long[] { -1 }) * 2;
}
