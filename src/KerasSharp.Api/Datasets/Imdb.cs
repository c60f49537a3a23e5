using System;
using System.Collections.Generic;
using System.Linq;
using KerasSharp.Utils;
using static TorchSharp.torch;

namespace KerasSharp.Datasets;

/// <summary>
/// <c>keras.datasets.imdb</c> (Keras 2.2.4): 25,000 training and 25,000 test movie reviews as word-index sequences,
/// labelled 1 (positive) or 0. <c>(x_train, y_train), (x_test, y_test) = imdb.load_data(num_words=20000)</c> ports
/// as <c>var ((x_train, y_train), (x_test, y_test)) = Imdb.LoadData(num_words: 20000);</c>. The sequences have
/// different lengths, so x is an <c>int[][]</c> (what numpy's object array of lists holds); y is an int64 tensor.
/// </summary>
public static class Imdb
{
    /// <summary>Keras's download address and file hash (an MD5, as Keras 2.2.4 gives it).</summary>
    public const string Origin = "https://s3.amazonaws.com/text-datasets/imdb.npz";
    public const string FileHash = "599dadb1135973df5b59232a0e9a887c";
    public const string WordIndexOrigin = "https://s3.amazonaws.com/text-datasets/imdb_word_index.json";
    public const string WordIndexFileHash = "bfafd718b763782e994055a2d397834f";

    /// <summary>
    /// Keras's <c>imdb.load_data</c>: reads <c>$KERAS_HOME/datasets/&lt;path&gt;</c> (downloaded first when absent),
    /// orders the training and then the test reviews by two successive shuffles of numpy's <c>RandomState(seed)</c>,
    /// marks each start with <paramref name="start_char"/>, shifts word ranks by <paramref name="index_from"/>, drops
    /// reviews of <paramref name="maxlen"/> or more words, and replaces words outside
    /// [<paramref name="skip_top"/>, <paramref name="num_words"/>) by <paramref name="oov_char"/> (or drops them when
    /// it is null). As in Keras 2.2.4, the split after maxlen filtering is at the original training count, so the
    /// first 25,000 kept reviews form the training set.
    /// </summary>
    public static ((int[][] x_train, Tensor y_train), (int[][] x_test, Tensor y_test)) LoadData(
        string path = "imdb.npz", int? num_words = null, int skip_top = 0, int? maxlen = null, long seed = 113,
        int? start_char = 1, int? oov_char = 2, int index_from = 3) =>
        LoadData(Source, path, num_words, skip_top, maxlen, seed, start_char, oov_char, index_from);

    /// <summary>
    /// Where <see cref="LoadData(string, int?, int, int?, long, int?, int?, int)"/> fetches from: Keras's address and
    /// hash. The tests of the example scripts, which call the public loader as a port does, point it at a small file
    /// without Keras's hash.
    /// </summary>
    internal static (string Origin, string? Hash) Source { get; set; } = (Origin, FileHash);

    /// <summary><see cref="LoadData(string, int?, int, int?, long, int?, int?, int)"/> from another origin (tests).</summary>
    internal static ((int[][] x_train, Tensor y_train), (int[][] x_test, Tensor y_test)) LoadData(
        (string Origin, string? Hash) source, string path, int? num_words, int skip_top, int? maxlen, long seed,
        int? start_char, int? oov_char, int index_from)
    {
        var random = new NumpyRandomState(seed);
        var file = DataUtils.GetFile(path, source.Origin, file_hash: source.Hash);
        var arrays = Npz.Load(file);
        var (xTrain, labelsTrain) = TextDatasets.Samples(arrays, file, "x_train", "y_train");
        var (xTest, labelsTest) = TextDatasets.Samples(arrays, file, "x_test", "y_test");

        // np.random.seed(seed) once, then one shuffle for the training and one for the test indices.
        var trainOrder = random.ShuffledIndices(xTrain.Length);
        var testOrder = random.ShuffledIndices(xTest.Length);
        var xs = trainOrder.Select(i => xTrain[i]).Concat(testOrder.Select(i => xTest[i]));
        var labels = trainOrder.Select(i => labelsTrain[i]).Concat(testOrder.Select(i => labelsTest[i]));
        var (cut, kept) = TextDatasets.IndexAndCut("imdb", xs, labels, num_words, skip_top, maxlen, start_char, oov_char, index_from);

        var idx = Math.Min(xTrain.Length, cut.Count);
        return ((cut.Take(idx).ToArray(), TextDatasets.Labels(kept.Take(idx))), (cut.Skip(idx).ToArray(), TextDatasets.Labels(kept.Skip(idx))));
    }

    /// <summary>Keras's <c>imdb.get_word_index</c>: the word → rank dictionary (rank 1 the most frequent word).</summary>
    public static Dictionary<string, int> GetWordIndex(string path = "imdb_word_index.json") =>
        GetWordIndex((WordIndexOrigin, WordIndexFileHash), path);

    internal static Dictionary<string, int> GetWordIndex((string Origin, string? Hash) source, string path) =>
        TextDatasets.ReadWordIndex(DataUtils.GetFile(path, source.Origin, file_hash: source.Hash));
}
