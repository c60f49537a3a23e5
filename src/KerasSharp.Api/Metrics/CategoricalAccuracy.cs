using static TorchSharp.torch;

namespace KerasSharp.Metrics;

/// <summary><c>categorical_accuracy</c>: argmax(y_true) == argmax(y_pred).</summary>
[KerasObject("CategoricalAccuracy", Aliases = new[] { "categorical_accuracy" })]
public sealed class CategoricalAccuracy : Metric
{
    public CategoricalAccuracy(string name = "categorical_accuracy") : base(name) { }

    public override Tensor Call(Tensor y_true, Tensor y_pred) =>
        y_true.argmax(-1).eq(y_pred.argmax(-1)).to_type(ScalarType.Float32);
}
