using static TorchSharp.torch;

namespace KerasSharp.Metrics;

/// <summary><c>top_k_categorical_accuracy(k=5)</c>: the true class is among the k highest predictions.</summary>
[KerasObject("TopKCategoricalAccuracy", Aliases = new[] { "top_k_categorical_accuracy" })]
public sealed class TopKCategoricalAccuracy : Metric
{
    public TopKCategoricalAccuracy(int k = 5, string name = "top_k_categorical_accuracy") : base(name) => K = k;

    public int K { get; }

    public override Tensor Call(Tensor y_true, Tensor y_pred) => InTopK(y_pred, y_true.argmax(-1), K);

    /// <summary>TensorFlow's <c>in_top_k</c>: the target's score is beaten by fewer than k others (ties count in).</summary>
    internal static Tensor InTopK(Tensor predictions, Tensor targets, int k)
    {
        var targetScore = predictions.gather(-1, targets.unsqueeze(-1));
        return predictions.gt(targetScore).sum(-1).lt(k).to_type(ScalarType.Float32);
    }
}
