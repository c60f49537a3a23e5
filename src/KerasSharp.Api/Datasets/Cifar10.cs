using System;
using System.IO;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasSharp.Datasets;

/// <summary>
/// <c>keras.datasets.cifar10</c>. <c>(x_train, y_train), (x_test, y_test) = cifar10.load_data()</c> ports as
/// <c>var ((x_train, y_train), (x_test, y_test)) = Cifar10.LoadData();</c>.
/// </summary>
public static class Cifar10
{
    public const string BinaryFolder = "cifar-10-batches-bin";

    /// <summary>The folder of the "python version", which a Keras user may already have in ~/.keras/datasets.</summary>
    public const string PythonFolder = "cifar-10-batches-py";

    /// <summary>The official binary archive and its MD5, from the CIFAR-10 page.</summary>
    public const string Origin = "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz";
    public const string OriginMd5 = "c32a1d4ab5d03f1284b67883e8d87530";
    private const int Rows = 32, Cols = 32, Channels = 3;
    private const int RecordBytes = 1 + Rows * Cols * Channels;
    private const int RecordsPerFile = 10000;

    /// <summary>
    /// Loads CIFAR-10 from <c>$KERAS_HOME/datasets/cifar-10-batches-bin</c> (the official binary version), with
    /// Keras's shapes and dtypes: x uint8 (n, 32, 32, 3), y uint8 (n, 1); 50,000 training and 10,000 test images.
    /// The python version (<c>cifar-10-batches-py</c>, what Keras itself downloads) is read when it is there instead.
    /// When neither is there, the official binary archive is downloaded, checked and extracted, as Keras does.
    /// </summary>
    public static ((Tensor x_train, Tensor y_train), (Tensor x_test, Tensor y_test)) LoadData()
    {
        var python = Path.Combine(KerasHome.Datasets, PythonFolder);
        if (!Directory.Exists(Path.Combine(KerasHome.Datasets, BinaryFolder)) && Directory.Exists(python))
            return LoadPython(python, RecordsPerFile);
        var folder = Utils.DataUtils.GetFile(BinaryFolder, Origin, untar: true, md5_hash: OriginMd5);
        var train = Read(folder, "data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin");
        var test = Read(folder, "test_batch.bin");
        return (train, test);
    }

    /// <summary>
    /// Reads the python version (<see cref="Cifar.LoadBatch"/>), with y uint8 as from the binary version.
    /// <paramref name="recordsPerFile"/> is 10,000 for the real dataset; a file with another count is an error.
    /// </summary>
    internal static ((Tensor x_train, Tensor y_train), (Tensor x_test, Tensor y_test)) LoadPython(string folder, int recordsPerFile)
    {
        (Tensor, Tensor) Batches(params string[] names)
        {
            var parts = names.Select(name => Cifar.LoadBatch(Path.Combine(folder, name), "labels", "CIFAR-10", recordsPerFile, 10)).ToList();
            var x = torch.cat(parts.Select(p => p.X).ToArray(), 0);
            var labels = parts.SelectMany(p => p.Labels).Select(l => (byte)l).ToArray();
            var y = tensor(labels, new long[] { labels.Length, 1 });
            return (x, y);
        }
        var train = Batches("data_batch_1", "data_batch_2", "data_batch_3", "data_batch_4", "data_batch_5");
        return (train, Batches("test_batch"));
    }

    private static (Tensor X, Tensor Y) Read(string folder, params string[] files)
    {
        var count = files.Length * RecordsPerFile;
        var pixels = new byte[count * (RecordBytes - 1)];
        var labels = new byte[count];
        for (int f = 0; f < files.Length; f++)
        {
            var path = Path.Combine(folder, files[f]);
            if (!File.Exists(path)) throw new FileNotFoundException($"CIFAR-10 file missing: {path}", path);
            var bytes = File.ReadAllBytes(path);
            if (bytes.Length != RecordsPerFile * RecordBytes)
                throw new InvalidDataException($"CIFAR-10 file {path} has {bytes.Length} bytes; expected {RecordsPerFile * RecordBytes} ({RecordsPerFile} records of {RecordBytes} bytes). The file is truncated or corrupt: download it again.");
            for (int r = 0; r < RecordsPerFile; r++)
            {
                var sample = f * RecordsPerFile + r;
                labels[sample] = bytes[r * RecordBytes];
                if (labels[sample] > 9)
                    throw new InvalidDataException($"CIFAR-10 file {path}: record {r} has label {labels[sample]}, outside 0..9. The file is corrupt.");
                Buffer.BlockCopy(bytes, r * RecordBytes + 1, pixels, sample * (RecordBytes - 1), RecordBytes - 1);
            }
        }
        // Each record stores the red, green and blue planes in turn; Keras hands out (n, 32, 32, 3).
        using var planes = tensor(pixels, new long[] { count, Channels, Rows, Cols });
        var x = planes.permute(0, 2, 3, 1).contiguous();
        var y = tensor(labels, new long[] { count, 1 });
        return (x, y);
    }
}
