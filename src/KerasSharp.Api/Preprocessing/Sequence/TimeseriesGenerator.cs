using System;
using System.Linq;
using KerasSharp.Backend;
using KerasSharp.Utils;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasSharp.Preprocessing;

/// <summary>
/// <c>keras.preprocessing.sequence.TimeseriesGenerator</c>: batches of windows over consecutive time steps (axis 0 of
/// <see cref="Data"/>) with the target of the step after each window. A <see cref="Sequence"/>, so <c>Fit</c> and
/// <c>FitGenerator</c> take it. Sample j of a batch is <c>data[row - length : row : sampling_rate]</c> with target
/// <c>targets[row]</c>, rows going from start_index + length to end_index by stride.
/// </summary>
public sealed class TimeseriesGenerator : Sequence
{
    public TimeseriesGenerator(Tensor data, Tensor targets, int length, int sampling_rate = 1, int stride = 1,
        int start_index = 0, int? end_index = null, bool shuffle = false, bool reverse = false, int batch_size = 128)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(targets);
        if (data.dim() == 0 || targets.dim() == 0 || data.shape[0] != targets.shape[0])
            throw new ArgumentException($"Data and targets have to be of same length. Data length is {Len(data)} while target length is {Len(targets)}", nameof(targets));
        Data = data;
        Targets = targets;
        Length = ArgumentValidation.Positive(nameof(length), length);
        SamplingRate = ArgumentValidation.Positive(nameof(sampling_rate), sampling_rate);
        Stride = ArgumentValidation.Positive(nameof(stride), stride);
        BatchSize = ArgumentValidation.Positive(nameof(batch_size), batch_size);
        if (start_index < 0) throw new ArgumentException($"`start_index` must be >= 0. Received: start_index={start_index}", nameof(start_index));
        StartIndex = start_index + length;
        EndIndex = end_index ?? (int)data.shape[0] - 1;
        if (EndIndex >= data.shape[0])
            throw new ArgumentException($"`end_index={EndIndex}` is past the last time step of the data ({data.shape[0] - 1}).", nameof(end_index));
        Shuffle = shuffle;
        Reverse = reverse;
        if (StartIndex > EndIndex)
            throw new ArgumentException($"`start_index+length={StartIndex} > end_index={EndIndex}` is disallowed, as no part of the sequence would be left to be used as current step.", nameof(length));
    }

    public Tensor Data { get; }
    public Tensor Targets { get; }
    public int Length { get; }
    public int SamplingRate { get; }
    public int Stride { get; }

    /// <summary>The first row a window ends before: start_index + length, as Keras stores it.</summary>
    public int StartIndex { get; }

    /// <summary>The last row whose target is used.</summary>
    public int EndIndex { get; }
    public bool Shuffle { get; }
    public bool Reverse { get; }
    public int BatchSize { get; }

    public override int Count => (EndIndex - StartIndex + BatchSize * Stride) / (BatchSize * Stride);

    /// <summary>
    /// Batch <paramref name="index"/>: (samples, targets). With shuffle, the rows are drawn at random with
    /// replacement (the <c>Fit</c> generator, seeded by <c>KerasBackend.SetSeed</c>), as Keras draws them from numpy.
    /// </summary>
    public override (Tensor x, Tensor? y, Tensor? sample_weight) GetItem(int index)
    {
        if (index < 0 || index >= Count)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The generator has {Count} batches (0 to {Count - 1}).");
        long[] rows;
        if (Shuffle)
        {
            using var drawn = randint(StartIndex, EndIndex + 1, new long[] { BatchSize }, dtype: ScalarType.Int64, generator: KerasBackend.ShuffleGenerator);
            rows = drawn.data<long>().ToArray();
        }
        else
        {
            long first = StartIndex + (long)BatchSize * Stride * index;
            var stop = Math.Min(first + (long)BatchSize * Stride, EndIndex + 1L);
            rows = Enumerable.Range(0, (int)((stop - first + Stride - 1) / Stride)).Select(k => first + (long)k * Stride).ToArray();
        }
        var samples = stack(rows.Select(row => Data.slice(0, row - Length, row, SamplingRate)).ToArray());
        var targets = stack(rows.Select(row => Targets[row]).ToArray());
        return (Reverse ? samples.flip(1) : samples, targets, null);
    }

    private static string Len(Tensor t) => t.dim() == 0 ? "undefined (a scalar)" : t.shape[0].ToString(System.Globalization.CultureInfo.InvariantCulture);
}
