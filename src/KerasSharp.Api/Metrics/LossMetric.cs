using KerasSharp.Losses;
using static TorchSharp.torch;

namespace KerasSharp.Metrics;

/// <summary>A loss function used as a metric (<c>metrics=['mae']</c>).</summary>
public sealed class LossMetric : Metric
{
    private readonly Loss _loss;

    public LossMetric(string name, Loss loss) : base(name) => _loss = loss;

    public override Tensor Call(Tensor y_true, Tensor y_pred) => _loss.Call(y_true, y_pred);

    internal override Tensor CallMasked(Tensor y_true, Tensor y_pred, Tensor mask) => _loss.Call(y_true, y_pred, mask);
}
