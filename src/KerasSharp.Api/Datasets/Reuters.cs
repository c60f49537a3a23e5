using System;
using System.Collections.Generic;
using System.Linq;
using KerasSharp.Utils;
using static TorchSharp.torch;

namespace KerasSharp.Datasets;

/// <summary>
/// <c>keras.datasets.reuters</c> (Keras 2.2.4): 11,228 Reuters newswires as word-index sequences, labelled with one of
/// 46 topics. <c>(x_train, y_train), (x_test, y_test) = reuters.load_data(num_words=1000, test_split=0.2)</c> ports
/// as <c>var ((x_train, y_train), (x_test, y_test)) = Reuters.LoadData(num_words: 1000, test_split: 0.2);</c>. x is
/// an <c>int[][]</c> (sequences of different lengths); y is an int64 tensor.
/// </summary>
public static class Reuters
{
    /// <summary>Keras's download address and file hash (an MD5, as Keras 2.2.4 gives it).</summary>
    public const string Origin = "https://s3.amazonaws.com/text-datasets/reuters.npz";
    public const string FileHash = "87aedbeb0cb229e378797a632c1997b6";
    public const string WordIndexOrigin = "https://s3.amazonaws.com/text-datasets/reuters_word_index.json";
    public const string WordIndexFileHash = "4d44cc38712099c9e383dc6e5f11a921";

    /// <summary>
    /// Keras's <c>reuters.load_data</c>: reads <c>$KERAS_HOME/datasets/&lt;path&gt;</c> (downloaded first when
    /// absent), orders the newswires by one shuffle of numpy's <c>RandomState(seed)</c>, marks each start with
    /// <paramref name="start_char"/>, shifts word ranks by <paramref name="index_from"/>, drops newswires of
    /// <paramref name="maxlen"/> or more words, replaces words outside [<paramref name="skip_top"/>,
    /// <paramref name="num_words"/>) by <paramref name="oov_char"/> (or drops them when it is null), and gives the
    /// last <paramref name="test_split"/> of what remains to the test set: the first
    /// <c>int(len * (1 - test_split))</c> samples train.
    /// </summary>
    public static ((int[][] x_train, Tensor y_train), (int[][] x_test, Tensor y_test)) LoadData(
        string path = "reuters.npz", int? num_words = null, int skip_top = 0, int? maxlen = null, double test_split = 0.2,
        long seed = 113, int? start_char = 1, int? oov_char = 2, int index_from = 3) =>
        LoadData((Origin, FileHash), path, num_words, skip_top, maxlen, test_split, seed, start_char, oov_char, index_from);

    /// <summary><see cref="LoadData(string, int?, int, int?, double, long, int?, int?, int)"/> from another origin (tests).</summary>
    internal static ((int[][] x_train, Tensor y_train), (int[][] x_test, Tensor y_test)) LoadData(
        (string Origin, string? Hash) source, string path, int? num_words, int skip_top, int? maxlen, double test_split,
        long seed, int? start_char, int? oov_char, int index_from)
    {
        if (!double.IsFinite(test_split))
            throw new ArgumentException($"test_split must be a finite fraction; received {test_split}.", nameof(test_split));
        var random = new NumpyRandomState(seed);
        var file = DataUtils.GetFile(path, source.Origin, file_hash: source.Hash);
        var (x, y) = TextDatasets.Samples(Npz.Load(file), file, "x", "y");

        var order = random.ShuffledIndices(x.Length);
        var (cut, kept) = TextDatasets.IndexAndCut("reuters", order.Select(i => x[i]), order.Select(i => y[i]),
            num_words, skip_top, maxlen, start_char, oov_char, index_from);

        // xs[:idx] and xs[idx:] with Python's slicing: a negative idx (test_split > 1) counts from the end.
        var idx = (int)(cut.Count * (1 - test_split));
        idx = Math.Clamp(idx < 0 ? idx + cut.Count : idx, 0, cut.Count);
        return ((cut.Take(idx).ToArray(), TextDatasets.Labels(kept.Take(idx))),
                (cut.Skip(idx).ToArray(), TextDatasets.Labels(kept.Skip(idx))));
    }

    /// <summary>Keras's <c>reuters.get_word_index</c>: the word → rank dictionary (rank 1 the most frequent word).</summary>
    public static Dictionary<string, int> GetWordIndex(string path = "reuters_word_index.json") =>
        GetWordIndex((WordIndexOrigin, WordIndexFileHash), path);

    internal static Dictionary<string, int> GetWordIndex((string Origin, string? Hash) source, string path) =>
        TextDatasets.ReadWordIndex(DataUtils.GetFile(path, source.Origin, file_hash: source.Hash));
}
