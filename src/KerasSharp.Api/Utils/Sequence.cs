using System.Collections;
using System.Collections.Generic;
using static TorchSharp.torch;

namespace KerasSharp.Utils;

/// <summary>
/// <c>keras.utils.Sequence</c>: a dataset of batches that can be indexed, so an epoch sees each batch once and the
/// order can be shuffled. Implement <see cref="Count"/> (<c>__len__</c>) and <see cref="GetItem"/>
/// (<c>__getitem__</c>); <see cref="OnEpochEnd"/> runs after each epoch. Enumerating it goes over the batches once,
/// as Keras's <c>__iter__</c>; a batch without targets gives y as an empty (n, 0) tensor.
/// </summary>
public abstract class Sequence : IEnumerable<(Tensor x, Tensor y)>
{
    /// <summary>Batches per epoch.</summary>
    public abstract int Count { get; }

    /// <summary>Batch <paramref name="index"/>: inputs, targets (null when there are none) and optional per-sample weights.</summary>
    public abstract (Tensor x, Tensor? y, Tensor? sample_weight) GetItem(int index);

    public virtual void OnEpochEnd() { }

    public virtual IEnumerator<(Tensor x, Tensor y)> GetEnumerator()
    {
        for (int i = 0; i < Count; i++)
        {
            var (x, y, _) = GetItem(i);
            yield return (x, y ?? NoTargets(x));
        }
    }

    /// <summary>The y of a batch that has none: (n, 0), so it can never be mistaken for targets.</summary>
    protected static Tensor NoTargets(Tensor x) => empty(new long[] { x.shape[0], 0 });

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
