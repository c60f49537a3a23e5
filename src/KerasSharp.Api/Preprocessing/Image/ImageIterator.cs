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
        // PIL picks the encoder from the file name's extension; SkiaSharp encodes only these of PIL's.
        if (save_to_dir is not null) ArgumentValidation.OneOf(nameof(save_format), save_format, "png", "jpeg", "jpg");
        N = n;
        BatchSize = batch_size;
        Shuffle = shuffle;
        Seed = seed;
        SaveToDir = save_to_dir;
        SavePrefix = save_prefix;
        SaveFormat = save_format;
        DataFormat = data_format;
    }

    public int N { get; }
    public int BatchSize { get; }
    public bool Shuffle { get; }
    public int? Seed { get; }
    public string? SaveToDir { get; }
    public string SavePrefix { get; }
    public string SaveFormat { get; }
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

    // Keras's name: '{prefix}_{index}_{hash}.{format}', the hash np.random.randint(1e7), the format as given.
    private void Save(Tensor batch, Tensor indices)
    {
        Directory.CreateDirectory(SaveToDir!);
        var ids = indices.data<long>().ToArray();
        for (int i = 0; i < ids.Length; i++)
        {
            using var image = batch[i];
            var name = $"{SavePrefix}_{ids[i]}_{Random.Shared.Next(10_000_000)}.{SaveFormat}";
            ImageFiles.SaveImg(Path.Combine(SaveToDir!, name), image, DataFormat, SaveFormat, scale: true);
        }
    }
}
