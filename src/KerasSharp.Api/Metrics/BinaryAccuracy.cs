using static TorchSharp.torch;

namespace KerasSharp.Metrics;

/// <summary><c>binary_accuracy(threshold=0.5)</c>: mean over the last axis of y_true == (y_pred &gt; threshold).</summary>
[KerasObject("BinaryAccuracy", Aliases = new[] { "binary_accuracy" })]
public sealed class BinaryAccuracy : Metric
{
    public BinaryAccuracy(string name = "binary_accuracy", double threshold = 0.5) : base(name) => Threshold = threshold;

    public double Threshold { get; }

    public override Tensor Call(Tensor y_true, Tensor y_pred) =>
        y_true.eq(y_pred.gt(Threshold).to_type(y_true.dtype)).to_type(ScalarType.Float32).mean(new long[] { -1 });
}
