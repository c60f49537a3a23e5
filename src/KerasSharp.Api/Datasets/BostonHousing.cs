using System;
using System.IO;
using System.Linq;
using KerasSharp.Utils;
using static TorchSharp.torch;

namespace KerasSharp.Datasets;

/// <summary>
/// <c>keras.datasets.boston_housing</c> (Keras 2.2.4): 506 houses, 13 features each, and their prices (float64).
/// <c>(x_train, y_train), (x_test, y_test) = boston_housing.load_data()</c> ports as
/// <c>var ((x_train, y_train), (x_test, y_test)) = BostonHousing.LoadData();</c>.
/// </summary>
public static class BostonHousing
{
    /// <summary>Keras's download address and file hash (a SHA-256).</summary>
    public const string Origin = "https://s3.amazonaws.com/keras-datasets/boston_housing.npz";
    public const string FileHash = "f553886a1f8d56431e820c5b82552d9d95cfcb96d1e678153f8839538947dff5";

    /// <summary>
    /// Keras's <c>boston_housing.load_data</c>: reads 'x' and 'y' of <c>$KERAS_HOME/datasets/&lt;path&gt;</c>
    /// (downloaded first when absent), orders the rows by <c>np.random.seed(seed); np.random.shuffle(np.arange(n))</c>
    /// (numpy's legacy RandomState, so the order is Keras's), and puts the first
    /// <c>int(n * (1 - test_split))</c> rows in the training set.
    /// </summary>
    public static ((Tensor x_train, Tensor y_train), (Tensor x_test, Tensor y_test)) LoadData(
        string path = "boston_housing.npz", double test_split = 0.2, long seed = 113) =>
        LoadData((Origin, FileHash), path, test_split, seed);

    /// <summary><see cref="LoadData(string, double, long)"/> from another origin (tests).</summary>
    internal static ((Tensor x_train, Tensor y_train), (Tensor x_test, Tensor y_test)) LoadData(
        (string Origin, string? Hash) source, string path, double test_split, long seed)
    {
        // Keras's `assert 0 <= test_split < 1`, before anything is fetched.
        if (!(test_split >= 0 && test_split < 1))
            throw new ArgumentOutOfRangeException(nameof(test_split), test_split, $"test_split must satisfy 0 <= test_split < 1; received {test_split}.");
        var random = new NumpyRandomState(seed);
        var file = DataUtils.GetFile(path, source.Origin, file_hash: source.Hash);
        var arrays = Npz.Load(file);
        using var x = arrays.Get("x", file).ToTensor($"{file} 'x'");
        using var y = arrays.Get("y", file).ToTensor($"{file} 'y'");
        if (x.dim() == 0 || y.dim() == 0 || x.shape[0] != y.shape[0])
            throw new InvalidDataException($"{file} holds 'x' of shape ({string.Join(", ", x.shape)}) and 'y' of shape ({string.Join(", ", y.shape)}); expected one row of 'x' per value of 'y'. The file is corrupt.");

        var n = (int)x.shape[0];
        using var indices = tensor(random.ShuffledIndices(n).Select(i => (long)i).ToArray());
        using var xs = x.index_select(0, indices);
        using var ys = y.index_select(0, indices);
        // int(len(x) * (1 - test_split)): the same double arithmetic, truncated.
        var cut = (long)(n * (1 - test_split));
        return ((xs[..(int)cut].clone(), ys[..(int)cut].clone()), (xs[(int)cut..].clone(), ys[(int)cut..].clone()));
    }
}
