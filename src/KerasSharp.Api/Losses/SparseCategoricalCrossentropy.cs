using static TorchSharp.torch;

namespace KerasSharp.Losses;

/// <summary>
/// <c>sparse_categorical_crossentropy</c>: integer labels, shape (batch,) or (batch, 1). As the TensorFlow backend:
/// clip p to [1e-7, 1 − 1e-7], then softmax cross-entropy of log p (which renormalises).
/// </summary>
[KerasObject("SparseCategoricalCrossentropy", Aliases = new[] { "sparse_categorical_crossentropy" })]
public sealed class SparseCategoricalCrossentropy : Loss
{
    public override string Name => "sparse_categorical_crossentropy";

    protected override Tensor Compute(Tensor y_true, Tensor y_pred)
    {
        var logits = Clip(y_pred).log();
        var labels = y_true.reshape(logits.shape[..^1]).to_type(ScalarType.Int64);
        return -logits.log_softmax(-1).gather(-1, labels.unsqueeze(-1)).squeeze(-1);
    }
}
