using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using KerasSharp.Backend;
using KerasSharp.Utils;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasSharp.Preprocessing.Image;

/// <summary>
/// What <c>ImageDataGenerator.Flow</c> returns (keras_preprocessing's NumpyArrayIterator): a <see cref="Sequence"/>
/// of augmented batches for <c>FitGenerator</c>, and an endless enumerable of (x, y) batches for
/// <c>foreach (var (X_batch, y_batch) in datagen.Flow(...))</c>. With a <c>seed</c>, batch k is drawn from a generator
/// seeded with seed + k, as Keras reseeds numpy.
/// </summary>
public sealed class NumpyArrayIterator : Sequence
{
    private readonly Tensor _x;
    private readonly Tensor? _y;
    private readonly Tensor? _sampleWeight;
    private readonly ImageDataGenerator _generator;
    private readonly object _lock = new();
    private Tensor? _indexArray;
    private int _totalBatchesSeen;

    internal NumpyArrayIterator(Tensor x, Tensor? y, ImageDataGenerator generator, int batchSize, bool shuffle,
                                Tensor? sampleWeight, int? seed, string dataFormat, string? saveToDir,
                                string savePrefix, string saveFormat, string? subset)
    {
        if (y is not null && y.shape[0] != x.shape[0])
            throw new ArgumentException($"`x` (images tensor) and `y` (labels) should have the same length. Found: x.shape = {Layer.ShapeText(x.shape)}, y.shape = {Layer.ShapeText(y.shape)}", nameof(y));
        if (sampleWeight is not null && sampleWeight.shape[0] != x.shape[0])
            throw new ArgumentException($"`x` (images tensor) and `sample_weight` should have the same length. Found: x.shape = {Layer.ShapeText(x.shape)}, sample_weight.shape = {Layer.ShapeText(sampleWeight.shape)}", "sample_weight");
        if (x.dim() != 4)
            throw new ArgumentException($"Input data in `NumpyArrayIterator` should have rank 4. You passed an array with shape {Layer.ShapeText(x.shape)}", nameof(x));
        if (batchSize <= 0) throw new ArgumentException($"`batch_size` must be positive. Received: batch_size={batchSize}", "batch_size");
        if (saveToDir is not null && saveFormat.ToLowerInvariant() != "png")
            throw new ArgumentException($"Only save_format='png' is supported. Received: save_format='{saveFormat}'", "save_format");
        if (subset is not null)
        {
            ArgumentValidation.OneOf(nameof(subset), subset, "training", "validation");
            var split = (int)(x.shape[0] * generator.ValidationSplit);
            if (split == 0) throw new ArgumentException($"subset='{subset}' needs a validation_split on the ImageDataGenerator.", nameof(subset));
            Tensor? Part(Tensor? t) => t is null ? null : subset == "validation" ? t[..split] : t[split..];
            (x, y, sampleWeight) = (Part(x)!, Part(y), Part(sampleWeight));
        }
        generator.WarnOnChannels(x, "NumpyArrayIterator");
        _x = x;
        _y = y;
        _sampleWeight = sampleWeight;
        _generator = generator;
        BatchSize = batchSize;
        Shuffle = shuffle;
        Seed = seed;
        SaveToDir = saveToDir;
        SavePrefix = savePrefix;
        DataFormat = dataFormat;
    }

    public int N => (int)_x.shape[0];
    public int BatchSize { get; }
    public bool Shuffle { get; }
    public int? Seed { get; }
    public string? SaveToDir { get; }
    public string SavePrefix { get; }
    public string DataFormat { get; }

    /// <summary>Batches per epoch: ceil(n / batch_size).</summary>
    public override int Count => (N + BatchSize - 1) / BatchSize;

    public override (Tensor x, Tensor? y, Tensor? sample_weight) GetItem(int index)
    {
        if (index < 0 || index >= Count)
            throw new ArgumentOutOfRangeException(nameof(index), $"Asked to retrieve element {index}, but the Sequence has length {Count}");
        torch.Generator? generator;
        Tensor indices;
        lock (_lock)
        {
            generator = BatchGenerator();
            _indexArray ??= IndexArray(generator);
            indices = _indexArray.narrow(0, index * BatchSize, Math.Min(BatchSize, N - index * BatchSize)).clone();
        }
        return Batch(indices, generator);
    }

    public override void OnEpochEnd()
    {
        lock (_lock)
        {
            _indexArray?.Dispose();
            _indexArray = IndexArray(BatchGenerator(advance: false));
        }
    }

    /// <summary>Endless batches in Keras's order: a new permutation (when shuffling) at each pass over the data.</summary>
    public override IEnumerator<(Tensor x, Tensor y)> GetEnumerator()
    {
        if (_y is null) throw new KerasException("This iterator has no targets (y): enumerate batches with GetItem instead.");
        while (true)
        {
            for (int i = 0; i < Count; i++)
            {
                var (x, y, _) = GetItem(i);
                yield return (x, y!);
            }
            OnEpochEnd();
        }
    }

    // Keras reseeds numpy with seed + total_batches_seen before each batch.
    private torch.Generator? BatchGenerator(bool advance = true)
    {
        var generator = Seed is int s ? new torch.Generator((ulong)(s + _totalBatchesSeen)) : null;
        if (advance) _totalBatchesSeen++;
        return generator;
    }

    private Tensor IndexArray(torch.Generator? generator)
    {
        var order = Shuffle ? randperm(N, generator: generator ?? KerasBackend.ShuffleGenerator) : arange(N);
        return order.DetachFromDisposeScope();
    }

    private (Tensor x, Tensor? y, Tensor? sample_weight) Batch(Tensor indices, torch.Generator? generator)
    {
        var device = KerasBackend.Device;
        var x = _x.index_select(0, indices).to(float32, device);
        x = _generator.AugmentAndStandardize(x, generator);
        if (SaveToDir is not null) Save(x, indices);
        return (x, _y?.index_select(0, indices), _sampleWeight?.index_select(0, indices));
    }

    // array_to_img(scale=True): shift a negative minimum to 0, divide by the maximum, times 255.
    private void Save(Tensor batch, Tensor indices)
    {
        Directory.CreateDirectory(SaveToDir!);
        using var scope = torch.NewDisposeScope();
        var images = DataFormat == "channels_last" ? batch : batch.permute(0, 2, 3, 1);
        var ids = indices.data<long>().ToArray();
        for (int i = 0; i < ids.Length; i++)
        {
            var img = images[i].cpu();
            img = img + (-img.min()).clamp_min(0);
            var max = img.max().item<float>();
            if (max != 0) img = img / max;
            var bytes = (img * 255).to(ScalarType.Byte).contiguous().data<byte>().ToArray();
            var hash = Random.Shared.Next(10_000_000);
            var path = Path.Combine(SaveToDir!, $"{SavePrefix}_{ids[i]}_{hash}.png");
            using var file = File.Create(path);
            Png.Write(file, bytes, (int)img.shape[1], (int)img.shape[0], (int)img.shape[2]);
        }
    }
}
