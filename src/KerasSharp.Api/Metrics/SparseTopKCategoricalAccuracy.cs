using static TorchSharp.torch;

namespace KerasSharp.Metrics;

/// <summary><c>sparse_top_k_categorical_accuracy(k=5)</c>: the integer label is among the k highest predictions.</summary>
[KerasObject("SparseTopKCategoricalAccuracy", Aliases = new[] { "sparse_top_k_categorical_accuracy" })]
public sealed class SparseTopKCategoricalAccuracy : Metric
{
    public SparseTopKCategoricalAccuracy(int k = 5, string name = "sparse_top_k_categorical_accuracy") : base(name) => K = k;

    public int K { get; }

    public override Tensor Call(Tensor y_true, Tensor y_pred) =>
        TopKCategoricalAccuracy.InTopK(y_pred, y_true.reshape(y_pred.shape[..^1]).to_type(ScalarType.Int64), K);
}
