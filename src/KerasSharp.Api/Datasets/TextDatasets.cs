using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using static TorchSharp.torch;

namespace KerasSharp.Datasets;

/// <summary>What keras.datasets.imdb and keras.datasets.reuters (2.2.4) share: word-index shifting, maxlen filtering,
/// the num_words / skip_top cut, and reading the word-index JSON.</summary>
internal static class TextDatasets
{
    /// <summary>
    /// The steps of load_data after shuffling, as Keras 2.2.4 takes them: prepend <paramref name="start_char"/> and add
    /// <paramref name="index_from"/>; drop the samples of <paramref name="maxlen"/> or more words (0 or null: keep
    /// all); then replace (or with oov_char null, remove) each word outside [skip_top, num_words), num_words
    /// defaulting to the largest index present (so that index itself counts as out of vocabulary, as in Keras).
    /// </summary>
    public static (List<int[]> Xs, List<long> Labels) IndexAndCut(string dataset, IEnumerable<int[]> xs, IEnumerable<long> labels,
        int? num_words, int skip_top, int? maxlen, int? start_char, int? oov_char, int index_from)
    {
        IEnumerable<int[]> shifted = start_char is int start ? xs.Select(x => x.Select(w => w + index_from).Prepend(start).ToArray())
            : index_from != 0 ? xs.Select(x => x.Select(w => w + index_from).ToArray())
            : xs;
        var pairs = shifted.Zip(labels).ToList();
        if (maxlen is int max && max != 0)
        {
            // keras_preprocessing.sequence._remove_long_seq keeps len(x) < maxlen.
            pairs = pairs.Where(p => p.First.Length < max).ToList();
            if (pairs.Count == 0 && dataset == "imdb")
                throw new ArgumentException($"After filtering for sequences shorter than maxlen={max}, no sequence was kept. Increase maxlen.", nameof(maxlen));
        }
        int limit;
        if (num_words is int n && n != 0) limit = n;
        else if (pairs.Count == 0 || pairs.Any(p => p.First.Length == 0))
            // Keras computes max([max(x) for x in xs]) and fails in Python's max() on an empty list.
            throw new ArgumentException(
                $"{dataset}.load_data cannot infer num_words: " + (pairs.Count == 0
                    ? $"after filtering for sequences shorter than maxlen={maxlen}, no sequence was kept (Keras fails with 'max() arg is an empty sequence'). Increase maxlen or pass num_words."
                    : "a sequence is empty (Keras fails with 'max() arg is an empty sequence'). Pass num_words or start_char."),
                pairs.Count == 0 ? nameof(maxlen) : nameof(num_words));
        else limit = pairs.Max(p => p.First.Max());

        bool Kept(int w) => skip_top <= w && w < limit;
        var cut = pairs.Select(p => oov_char is int oov ? p.First.Select(w => Kept(w) ? w : oov).ToArray() : p.First.Where(Kept).ToArray()).ToList();
        return (cut, pairs.Select(p => p.Second).ToList());
    }

    /// <summary>A word index JSON file ({"word": index, ...}) as a dictionary.</summary>
    public static Dictionary<string, int> ReadWordIndex(string path)
    {
        try
        {
            var index = JObject.Parse(File.ReadAllText(path));
            return index.Properties().ToDictionary(p => p.Name, p => p.Value.Type == JTokenType.Integer ? (int)p.Value
                : throw new InvalidDataException($"{path}: the index of '{p.Name}' is {p.Value.ToString(Formatting.None)}, not an integer. The file is corrupt."));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a word index JSON object ({e.Message}): the file is truncated or corrupt.", e);
        }
    }

    /// <summary>The sequences and labels under two keys of an archive, checked to pair up.</summary>
    public static (int[][] X, long[] Y) Samples(Dictionary<string, NumpyPickle.NdArray> arrays, string file, string xKey, string yKey)
    {
        var x = arrays.Get(xKey, file).ToSequences($"{file} '{xKey}'");
        var y = arrays.Get(yKey, file).ToInt64($"{file} '{yKey}'");
        if (x.Length != y.Length)
            throw new InvalidDataException($"{file} holds {x.Length} sequences in '{xKey}' but {y.Length} labels in '{yKey}'. The file is corrupt.");
        return (x, y);
    }

    /// <summary>Labels as Keras returns them: a 1-d int64 array.</summary>
    public static Tensor Labels(IEnumerable<long> labels)
    {
        var values = labels.ToArray();
        return tensor(values, new long[] { values.Length });
    }
}
