using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasSharp.Preprocessing;

/// <summary>
/// The functions of <c>keras.preprocessing.sequence</c>: <c>from keras.preprocessing.sequence import pad_sequences</c>
/// → <c>using static KerasSharp.Preprocessing.SequenceFunctions;</c> and <c>PadSequences(...)</c>;
/// <c>from keras.preprocessing import sequence</c> → <c>using sequence = KerasSharp.Preprocessing.SequenceFunctions;</c>
/// and <c>sequence.PadSequences(...)</c>. A class named <c>Sequence</c> would hide <c>keras.utils.Sequence</c>.
/// </summary>
public static class SequenceFunctions
{
    /// <summary>
    /// <c>pad_sequences</c>: lists of word indices to a (len(sequences), maxlen) tensor of <paramref name="dtype"/>
    /// (int32 by default, as Keras's numpy array), padded with <paramref name="value"/> and cut to
    /// <paramref name="maxlen"/> (the longest sequence when null) at the start ('pre') or the end ('post').
    /// <paramref name="value"/> converts to an integer dtype toward zero, as numpy does.
    /// </summary>
    public static Tensor PadSequences(IEnumerable<IReadOnlyList<int>> sequences, int? maxlen = null, string dtype = "int32",
        string padding = "pre", string truncating = "pre", double value = 0.0)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        var list = sequences.Select(s => s ?? throw new ArgumentException("`sequences` must be a list of iterables. Found non-iterable: None", nameof(sequences))).ToList();
        var (length, pre, truncatePre) = Check(list.Select(s => s.Count).ToList(), maxlen, padding, truncating);
        var x = new double[list.Count * length];
        Array.Fill(x, value);
        for (int i = 0; i < list.Count; i++)
        {
            var s = list[i];
            var (from, count) = Kept(s.Count, length, truncatePre);
            var at = i * length + (pre ? length - count : 0);
            for (int k = 0; k < count; k++) x[at + k] = s[from + k];
        }
        using var data = tensor(x, new long[] { list.Count, length }, ScalarType.Float64);
        return data.astype(dtype);
    }

    /// <summary>
    /// <c>pad_sequences</c> on sequences that are tensors of shape (steps, ...): every sample shape after the first
    /// axis must be the first non-empty sequence's, and the result is (len(sequences), maxlen, ...).
    /// </summary>
    public static Tensor PadSequences(IEnumerable<Tensor> sequences, int? maxlen = null, string dtype = "int32",
        string padding = "pre", string truncating = "pre", double value = 0.0)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        var list = sequences.ToList();
        foreach (var s in list)
            if (s is null || s.dim() == 0)
                throw new ArgumentException($"`sequences` must be a list of iterables. Found non-iterable: {(s is null ? "None" : Utils.PythonFormat.Repr(s.to_type(ScalarType.Float64).item<double>()))}", nameof(sequences));
        var (length, pre, truncatePre) = Check(list.Select(s => (int)s.shape[0]).ToList(), maxlen, padding, truncating);
        var sampleShape = list.FirstOrDefault(s => s.shape[0] > 0)?.shape[1..] ?? Array.Empty<long>();
        using var filled = full(new long[] { list.Count, length }.Concat(sampleShape).ToArray(), value, ScalarType.Float64);
        var x = filled.astype(dtype);
        for (int i = 0; i < list.Count; i++)
        {
            var s = list[i];
            if (s.shape[0] == 0) continue;
            if (!s.shape[1..].SequenceEqual(sampleShape))
                throw new ArgumentException($"Shape of sample {(Shape)s.shape[1..]} of sequence at position {i} is different from expected shape {(Shape)sampleShape}", nameof(sequences));
            var (from, count) = Kept((int)s.shape[0], length, truncatePre);
            if (count == 0) continue;
            var start = pre ? length - count : 0;
            using var kept = s.slice(0, from, from + count, 1).astype(dtype);
            x[i].slice(0, start, start + count, 1).copy_(kept);
        }
        return x;
    }

    /// <summary>maxlen (the longest length when null) and the padding and truncating sides, checked.</summary>
    private static (int length, bool pre, bool truncatePre) Check(List<int> lengths, int? maxlen, string padding, string truncating)
    {
        if (truncating is not ("pre" or "post"))
            throw new ArgumentException($"Truncating type \"{truncating}\" not understood", nameof(truncating));
        if (padding is not ("pre" or "post"))
            throw new ArgumentException($"Padding type \"{padding}\" not understood", nameof(padding));
        if (maxlen is null && lengths.Count == 0)
            throw new ArgumentException("zero-size array to reduction operation maximum which has no identity: `sequences` is empty and `maxlen` is None", nameof(maxlen));
        var length = maxlen ?? lengths.Max();
        if (length < 0) throw new ArgumentException($"`maxlen` must be >= 0. Received: maxlen={length}", nameof(maxlen));
        return (length, padding == "pre", truncating == "pre");
    }

    /// <summary>The part of a sequence of <paramref name="count"/> steps that fits in <paramref name="maxlen"/>.</summary>
    private static (int from, int count) Kept(int count, int maxlen, bool truncatePre) =>
        count <= maxlen ? (0, count) : (truncatePre ? count - maxlen : 0, maxlen);

    /// <summary>
    /// <c>make_sampling_table</c>: word2vec's probability of keeping the word of each rank, from Zipf's law
    /// (float64, as Keras's numpy array; rank 0 is treated as rank 1).
    /// </summary>
    public static Tensor MakeSamplingTable(int size, double sampling_factor = 1e-5)
    {
        if (size < 1) throw new ArgumentException($"`size` must be >= 1 (the table's first entry is rank 1's). Received: size={size}", nameof(size));
        const double gamma = 0.577;
        var table = new double[size];
        for (int i = 0; i < size; i++)
        {
            double rank = Math.Max(i, 1);
            var f = sampling_factor * (rank * (Math.Log(rank) + gamma) + 0.5 - 1.0 / (12.0 * rank));
            table[i] = Math.Min(1.0, f / Math.Sqrt(f));
        }
        return tensor(table, ScalarType.Float64);
    }

    /// <summary>
    /// <c>skipgrams</c>: (word, context word) couples with label 1 for the words within <paramref name="window_size"/>,
    /// then (word, random word) couples with label 0, <paramref name="negative_samples"/> as many, then shuffled.
    /// The draws are Python's <c>random</c> module's (<see cref="PythonRandom.Global"/>), in Keras's order, so a port
    /// that seeds it as the Python program seeds <c>random</c> gets the same couples. Index 0 is never a word.
    /// Returns int64 tensors, as <c>np.array(couples)</c>: couples (n, 2), labels (n,) or, categorical, (n, 2).
    /// </summary>
    public static (Tensor couples, Tensor labels) Skipgrams(IReadOnlyList<int> sequence, int vocabulary_size,
        int window_size = 4, double negative_samples = 1.0, bool shuffle = true, bool categorical = false,
        Tensor? sampling_table = null, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        var random = PythonRandom.Global;
        var table = sampling_table?.to_type(ScalarType.Float64).reshape(-1).data<double>().ToArray();
        var couples = new List<long[]>();
        var labels = new List<long[]>();
        for (int i = 0; i < sequence.Count; i++)
        {
            var wi = sequence[i];
            if (wi == 0) continue;
            if (table is not null)
            {
                if (wi < 0 || wi >= table.Length)
                    throw new ArgumentException($"Word index {wi} (position {i}) is outside the sampling table of size {table.Length}.", nameof(sampling_table));
                if (table[wi] < random.Random()) continue;
            }
            var end = Math.Min(sequence.Count, i + window_size + 1);
            for (int j = Math.Max(0, i - window_size); j < end; j++)
            {
                if (j == i || sequence[j] == 0) continue;
                couples.Add(new long[] { wi, sequence[j] });
                labels.Add(categorical ? new long[] { 0, 1 } : new long[] { 1 });
            }
        }

        if (negative_samples > 0)
        {
            var negatives = (int)(labels.Count * negative_samples);
            var words = couples.Select(c => c[0]).ToList();
            random.Shuffle(words);
            for (int i = 0; i < negatives; i++)
                couples.Add(new[] { words[i % words.Count], random.RandInt(1, vocabulary_size - 1) });
            for (int i = 0; i < negatives; i++) labels.Add(categorical ? new long[] { 1, 0 } : new long[] { 0 });
        }

        if (shuffle)
        {
            // Keras draws the seed from the global state and reseeds it, so later draws depend on that seed too.
            var s = seed ?? (int)random.RandInt(0, 10_000_000);
            random.Seed(s);
            random.Shuffle(couples);
            random.Seed(s);
            random.Shuffle(labels);
        }

        var pairs = tensor(couples.SelectMany(c => c).ToArray(), new long[] { couples.Count, 2 }, ScalarType.Int64);
        var labelShape = categorical ? new long[] { labels.Count, 2 } : new long[] { labels.Count };
        return (pairs, tensor(labels.SelectMany(l => l).ToArray(), labelShape, ScalarType.Int64));
    }
}
