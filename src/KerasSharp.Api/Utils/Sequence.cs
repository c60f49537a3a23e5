using static TorchSharp.torch;

namespace KerasSharp.Utils;

/// <summary>
/// <c>keras.utils.Sequence</c>: a dataset of batches that can be indexed, so an epoch sees each batch once and the
/// order can be shuffled. Implement <see cref="Count"/> (<c>__len__</c>) and <see cref="GetItem"/>
/// (<c>__getitem__</c>); <see cref="OnEpochEnd"/> runs after each epoch.
/// </summary>
public abstract class Sequence
{
    /// <summary>Batches per epoch.</summary>
    public abstract int Count { get; }

    /// <summary>Batch <paramref name="index"/>: inputs, targets (null when there are none) and optional per-sample weights.</summary>
    public abstract (Tensor x, Tensor? y, Tensor? sample_weight) GetItem(int index);

    public virtual void OnEpochEnd() { }
}
