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
/// Keras's image <c>Iterator</c>: a <see cref="Sequence"/> of batches over n samples, in an order that is reshuffled at
/// each epoch, and an endless enumerable of (x, y) batches. With a <c>seed</c>, batch k is drawn from a generator
/// seeded with seed + k, as Keras reseeds numpy before each batch.
/// </summary>
public abstract class ImageIterator : Sequence
{
    private readonly object _lock = new();
    private Tensor? _indexArray;
    private int _totalBatchesSeen;

    protected ImageIterator(int n, int batch_size, bool shuffle, int? seed, string? save_to_dir, string save_prefix,
                            string save_format, string data_format)
    {
        if (batch_size <= 0) throw new ArgumentException($"`batch_size` must be positive. Received: batch_size={batch_size}", nameof(batch_size));
        if (save_to_dir is not null && save_format.ToLowerInvariant() != "png")
            throw new ArgumentException($"Only save_format='png' is supported. Received: save_format='{save_format}'", nameof(save_format));
        N = n;
        BatchSize = batch_size;
        Shuffle = shuffle;
        Seed = seed;
        SaveToDir = save_to_dir;
        SavePrefix = save_prefix;
        DataFormat = data_format;
    }

    public int N { get; }
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
        var batch = Batch(indices, generator);
        if (SaveToDir is not null) Save(batch.x, indices);
        return batch;
    }

    public override void OnEpochEnd()
    {
        lock (_lock)
        {
            _indexArray?.Dispose();
            _indexArray = IndexArray(BatchGenerator(advance: false));
        }
    }

    /// <summary>
    /// Endless batches in Keras's order: a new permutation (when shuffling) at each pass over the data. An iterator
    /// without targets (<c>class_mode: null</c>) gives y as an empty (n, 0) tensor: <c>foreach (var (x, _) in it)</c>.
    /// </summary>
    public override IEnumerator<(Tensor x, Tensor y)> GetEnumerator()
    {
        while (true)
        {
            for (int i = 0; i < Count; i++)
            {
                var (x, y, _) = GetItem(i);
                yield return (x, y ?? NoTargets(x));
            }
            OnEpochEnd();
        }
    }

    /// <summary>The samples at <paramref name="indices"/>, loaded, augmented and standardized, with their targets.</summary>
    protected abstract (Tensor x, Tensor? y, Tensor? sample_weight) Batch(Tensor indices, torch.Generator? generator);

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
            using var file = File.Create(Path.Combine(SaveToDir!, $"{SavePrefix}_{ids[i]}_{hash}.png"));
            Png.Write(file, bytes, (int)img.shape[1], (int)img.shape[0], (int)img.shape[2]);
        }
    }
}
