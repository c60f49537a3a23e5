using static TorchSharp.torch;

namespace KerasSharp.Losses;

/// <summary>
/// <c>hinge</c>: mean(max(1 − y_true·y_pred, 0)) over the last axis. Labels given as 0/1 are first mapped to −1/1,
/// as Keras 2.3.1's <c>_maybe_convert_labels</c> does.
/// </summary>
[KerasObject("Hinge", Aliases = new[] { "hinge" })]
public sealed class Hinge : Loss
{
    public override string Name => "hinge";

    protected override Tensor Compute(Tensor y_true, Tensor y_pred)
    {
        var binary = (y_true.eq(0) | y_true.eq(1)).all().item<bool>();
        var y = binary ? y_true * 2 - 1 : y_true;
        return (1 - y * y_pred).clamp_min(0).mean(new long[] { -1 });
    }
}
