using static TorchSharp.torch;

namespace KerasSharp.Metrics;

/// <summary><c>sparse_categorical_accuracy</c>: the integer label equals argmax(y_pred).</summary>
[KerasObject("SparseCategoricalAccuracy", Aliases = new[] { "sparse_categorical_accuracy" })]
public sealed class SparseCategoricalAccuracy : Metric
{
    public SparseCategoricalAccuracy(string name = "sparse_categorical_accuracy") : base(name) { }

    public override Tensor Call(Tensor y_true, Tensor y_pred) =>
        y_true.reshape(y_pred.shape[..^1]).to_type(ScalarType.Int64).eq(y_pred.argmax(-1)).to_type(ScalarType.Float32);
}
