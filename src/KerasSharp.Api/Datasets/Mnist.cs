using KerasSharp.Utils;
using static TorchSharp.torch;

namespace KerasSharp.Datasets;

/// <summary>
/// <c>keras.datasets.mnist</c> (Keras 2.2.4): 60,000 training and 10,000 test handwritten digits.
/// <c>(x_train, y_train), (x_test, y_test) = mnist.load_data()</c> ports as
/// <c>var ((x_train, y_train), (x_test, y_test)) = Mnist.LoadData();</c>.
/// </summary>
public static class Mnist
{
    /// <summary>Keras's download address and file hash (an MD5).</summary>
    public const string Origin = "https://s3.amazonaws.com/img-datasets/mnist.npz";
    public const string FileHash = "8a61469f7ea1b51cbae51d4f78837e45";

    /// <summary>
    /// Keras's <c>mnist.load_data</c>: reads <c>$KERAS_HOME/datasets/&lt;path&gt;</c> (downloaded first when absent)
    /// and returns its arrays 'x_train', 'y_train', 'x_test', 'y_test' as stored: in Keras's file, uint8 images
    /// (60000, 28, 28) and (10000, 28, 28) and uint8 labels 0..9.
    /// </summary>
    public static ((Tensor x_train, Tensor y_train), (Tensor x_test, Tensor y_test)) LoadData(string path = "mnist.npz") =>
        LoadData(Source, path);

    /// <summary>
    /// Where <see cref="LoadData(string)"/> fetches from: Keras's address and hash. The tests of the example scripts,
    /// which call the public loader as a port does, point it at a small file without Keras's hash.
    /// </summary>
    internal static (string Origin, string? Hash) Source { get; set; } = (Origin, FileHash);

    /// <summary><see cref="LoadData(string)"/> from another origin (tests).</summary>
    internal static ((Tensor x_train, Tensor y_train), (Tensor x_test, Tensor y_test)) LoadData((string Origin, string? Hash) source, string path)
    {
        var file = DataUtils.GetFile(path, source.Origin, file_hash: source.Hash);
        var arrays = Npz.Load(file);
        Tensor Array(string key) => arrays.Get(key, file).ToTensor($"{file} '{key}'");
        return ((Array("x_train"), Array("y_train")), (Array("x_test"), Array("y_test")));
    }
}
