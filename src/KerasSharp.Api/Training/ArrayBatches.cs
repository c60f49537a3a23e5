using System;
using System.Collections.Generic;
using KerasSharp.Backend;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasSharp.Training;

/// <summary>
/// Batches of in-memory arrays for <c>Fit</c>/<c>Evaluate</c>/<c>Predict</c>: Keras's order (shuffled each epoch
/// when asked, the last batch partial), the samples cast to float32 and moved to the model's device. Each batch is
/// made inside the caller's step scope, so it is freed with the step.
/// </summary>
internal sealed class ArrayBatches : IBatchSource
{
    private readonly Tensor _x;
    private readonly Tensor? _y;
    private readonly Tensor? _sampleWeight;

    public ArrayBatches(Tensor x, Tensor? y, Tensor? sampleWeight, int batchSize)
    {
        if (batchSize <= 0)
            throw new ArgumentException($"`batch_size` must be a positive integer. Received: batch_size={batchSize}", "batch_size");
        if (y is not null && y.shape[0] != x.shape[0])
            throw new ArgumentException($"Input arrays should have the same number of samples as target arrays. Found {x.shape[0]} input samples and {y.shape[0]} target samples.", "y");
        if (sampleWeight is not null && sampleWeight.shape[0] != x.shape[0])
            throw new ArgumentException($"Found a sample_weight array with shape {Layer.ShapeText(sampleWeight.shape)} for an input with shape {Layer.ShapeText(x.shape)}. sample_weight cannot be broadcast.", "sample_weight");
        _x = x;
        _y = y;
        _sampleWeight = sampleWeight;
        BatchSize = batchSize;
    }

    public int BatchSize { get; }
    public int Samples => (int)_x.shape[0];
    int? IBatchSource.Samples => Samples;
    public int Steps => (Samples + BatchSize - 1) / BatchSize;

    /// <summary>The sample order for one epoch: a fresh permutation when shuffling, else 0..n-1.</summary>
    public Tensor Order(bool shuffle)
    {
        return shuffle
            ? torch.randperm(Samples, generator: KerasBackend.ShuffleGenerator, dtype: int64)
            : torch.arange(Samples, dtype: int64);
    }

    /// <summary>The indices of batch <paramref name="step"/> within <paramref name="order"/>.</summary>
    public Tensor Indices(Tensor order, int step)
    {
        var start = step * BatchSize;
        return order.narrow(0, start, Math.Min(BatchSize, Samples - start));
    }

    public Batch Take(Tensor indices)
    {
        Tensor? Rows(Tensor? t) => t?.index_select(0, indices.to(t.device));
        return Batch.OnDevice(Rows(_x)!, Rows(_y), Rows(_sampleWeight));
    }

    /// <summary>The order is drawn now, in the caller's epoch scope; each batch when the enumerator moves.</summary>
    public IEnumerator<Batch> Epoch(bool shuffle) => Batches(Order(shuffle));

    private IEnumerator<Batch> Batches(Tensor order)
    {
        for (int step = 0; step < Steps; step++) yield return Take(Indices(order, step));
    }

}
