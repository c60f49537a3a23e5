using System;
using System.Collections;
using System.IO;
using System.Linq;
using System.Text;
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
    /// Reads the python version: each batch a pickled dict with 'data' (uint8, (n, 3072), planes R, G, B) and 'labels'.
    /// <paramref name="recordsPerFile"/> is 10,000 for the real dataset; a file with another count is an error.
    /// </summary>
    internal static ((Tensor x_train, Tensor y_train), (Tensor x_test, Tensor y_test)) LoadPython(string folder, int recordsPerFile)
    {
        (Tensor, Tensor) Batches(params string[] names)
        {
            var parts = names.Select(name => ReadPythonBatch(Path.Combine(folder, name), recordsPerFile)).ToList();
            var x = torch.cat(parts.Select(p => p.X).ToArray(), 0);
            var y = torch.cat(parts.Select(p => p.Y).ToArray(), 0);
            return (x, y);
        }
        var train = Batches("data_batch_1", "data_batch_2", "data_batch_3", "data_batch_4", "data_batch_5");
        return (train, Batches("test_batch"));
    }

    private static (Tensor X, Tensor Y) ReadPythonBatch(string path, int records)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"CIFAR-10 file missing: {path}", path);
        if (NumpyPickle.Load(path) is not Hashtable batch)
            throw new InvalidDataException($"CIFAR-10 file {path} does not hold a pickled dict.");
        object Entry(string key) => batch[key] ?? batch[Encoding.Latin1.GetBytes(key)]
            ?? batch.Keys.Cast<object>().Where(k => k is byte[] b && Encoding.Latin1.GetString(b) == key).Select(k => batch[k]).FirstOrDefault()
            ?? throw new InvalidDataException($"CIFAR-10 file {path} has no '{key}' entry.");
        var data = Entry("data") as NumpyPickle.NdArray ?? throw new InvalidDataException($"CIFAR-10 file {path}: 'data' is not a numpy array.");
        var labels = ((IEnumerable)Entry("labels")).Cast<object>().Select(Convert.ToByte).ToArray();
        if (data.Dtype != "u1" || data.Shape.Length != 2 || data.Shape[1] != RecordBytes - 1 || data.Shape[0] != records
            || labels.Length != records || data.Data.Length != records * (RecordBytes - 1))
            throw new InvalidDataException($"CIFAR-10 file {path} holds {(data.Shape.Length > 0 ? data.Shape[0] : 0)} images of shape ({string.Join(", ", data.Shape)}) and {labels.Length} labels; expected {records} uint8 images of 3072 values and {records} labels. The file is truncated or corrupt.");
        if (labels.Any(l => l > 9)) throw new InvalidDataException($"CIFAR-10 file {path} has a label outside 0..9. The file is corrupt.");
        using var planes = tensor(data.Data, new long[] { records, Channels, Rows, Cols });
        return (planes.permute(0, 2, 3, 1).contiguous(), tensor(labels, new long[] { records, 1 }));
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
