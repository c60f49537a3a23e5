using System;
using System.Collections.Generic;
using System.Linq;
using KerasSharp.Backend;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasSharp.Training;

/// <summary>
/// The data adapter for in-memory arrays (<c>Fit</c>/<c>Evaluate</c>/<c>Predict</c>): one array per input, target per
/// output and optional sample weights, all with the same number of samples; Keras's order (shuffled each epoch when
/// asked, the last batch partial). Each batch is cast to float32, moved to the model's device and made inside the
/// caller's step scope, so it is freed with the step.
/// </summary>
internal sealed class ArrayBatches : IBatchSource
{
    private readonly Tensor[] _x;
    private readonly Tensor[]? _y;
    private readonly Tensor?[]? _sampleWeights;

    public ArrayBatches(Tensor[] x, Tensor[]? y, Tensor?[]? sampleWeights, int batchSize)
    {
        if (batchSize <= 0)
            throw new ArgumentException($"`batch_size` must be a positive integer. Received: batch_size={batchSize}", "batch_size");
        // Keras's check_array_length_consistency, with its messages.
        if (x.Select(t => t.shape[0]).Distinct().Count() > 1)
            throw new ArgumentException($"All input arrays (x) should have the same number of samples. Got array shapes: [{string.Join(", ", x.Select(t => Layer.ShapeText(t.shape)))}]", "x");
        if (y is not null && y.Select(t => t.shape[0]).Distinct().Count() > 1)
            throw new ArgumentException($"All target arrays (y) should have the same number of samples. Got array shapes: [{string.Join(", ", y.Select(t => Layer.ShapeText(t.shape)))}]", "y");
        if (y is { Length: > 0 } && y[0].shape[0] != x[0].shape[0])
            throw new ArgumentException($"Input arrays should have the same number of samples as target arrays. Found {x[0].shape[0]} input samples and {y[0].shape[0]} target samples.", "y");
        foreach (var w in (sampleWeights ?? Array.Empty<Tensor?>()).OfType<Tensor>())
            if (w.shape[0] != x[0].shape[0])
                throw new ArgumentException($"Found a sample_weight array with shape {Layer.ShapeText(w.shape)} for an input with shape {Layer.ShapeText(x[0].shape)}. sample_weight cannot be broadcast.", "sample_weight");
        _x = x;
        _y = y;
        _sampleWeights = sampleWeights;
        BatchSize = batchSize;
    }

    public int BatchSize { get; }
    public int Samples => (int)_x[0].shape[0];
    int? IBatchSource.Samples => Samples;
    public int Steps => (Samples + BatchSize - 1) / BatchSize;

    /// <summary>The last <paramref name="fraction"/> of the samples as validation arrays and the rest as these, before any shuffling (Keras's <c>validation_split</c>).</summary>
    public (ArrayBatches Train, ArrayBatches Validation) Split(double fraction)
    {
        var splitAt = (int)(Samples * (1.0 - fraction));
        if (splitAt == 0 || splitAt == Samples)
            throw new ArgumentException(FormattableString.Invariant($"Training data contains {Samples} samples, which is not sufficient to split it into a validation and training set as specified by `validation_split={fraction}`. Either provide more data, or a different value for the `validation_split` argument."), "validation_split");
        Tensor[]? Part(Tensor[]? arrays, bool head) => arrays?.Select(t => head ? t[..splitAt] : t[splitAt..]).ToArray();
        Tensor?[]? Weights(bool head) => _sampleWeights?.Select(t => t is null ? null : head ? t[..splitAt] : t[splitAt..]).ToArray();
        return (new ArrayBatches(Part(_x, true)!, Part(_y, true), Weights(true), BatchSize),
                new ArrayBatches(Part(_x, false)!, Part(_y, false), Weights(false), BatchSize));
    }

    /// <summary>The same arrays with these sample weights instead.</summary>
    public ArrayBatches WithSampleWeights(Tensor?[]? sampleWeights) => new(_x, _y, sampleWeights, BatchSize);

    public IReadOnlyList<Tensor>? Targets => _y;

    /// <summary>The sample order for one epoch: a fresh permutation when shuffling, else 0..n-1.</summary>
    private Tensor Order(bool shuffle) =>
        shuffle ? torch.randperm(Samples, generator: KerasBackend.ShuffleGenerator, dtype: int64) : torch.arange(Samples, dtype: int64);

    /// <summary>The order is drawn now, in the caller's epoch scope; each batch when the enumerator moves.</summary>
    public IEnumerator<Batch> Epoch(bool shuffle) => Batches(Order(shuffle));

    private IEnumerator<Batch> Batches(Tensor order)
    {
        for (int step = 0; step < Steps; step++)
        {
            var start = step * BatchSize;
            var indices = order.narrow(0, start, Math.Min(BatchSize, Samples - start));
            Tensor Rows(Tensor t) => t.index_select(0, indices.to(t.device));
            yield return Batch.OnDevice(_x.Select(Rows).ToArray(), _y?.Select(Rows).ToArray(),
                                        _sampleWeights?.Select(w => w is null ? null : Rows(w)).ToArray());
        }
    }
}
