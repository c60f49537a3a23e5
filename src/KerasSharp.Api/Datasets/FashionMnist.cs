using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using KerasSharp.Utils;
using static TorchSharp.torch;

namespace KerasSharp.Datasets;

/// <summary>
/// <c>keras.datasets.fashion_mnist</c> (Keras 2.2.4): 60,000 training and 10,000 test images of clothing, 28x28
/// uint8, labels 0..9 (uint8). <c>(x_train, y_train), (x_test, y_test) = fashion_mnist.load_data()</c> ports as
/// <c>var ((x_train, y_train), (x_test, y_test)) = FashionMnist.LoadData();</c>.
/// </summary>
public static class FashionMnist
{
    /// <summary>Keras's cache folder (under $KERAS_HOME) and download address of the four files.</summary>
    public const string CacheSubdir = "datasets/fashion-mnist";
    public const string BaseOrigin = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/";

    /// <summary>
    /// The four files in Keras's order, with the MD5s Fashion-MNIST publishes (Keras 2.2.4 checks none; see
    /// docs/differences.md).
    /// </summary>
    public static readonly (string Name, string Md5)[] Files =
    {
        ("train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe"),
        ("train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d"),
        ("t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310"),
        ("t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79"),
    };

    private const int LabelMagic = 2049, ImageMagic = 2051, Rows = 28, Cols = 28;

    /// <summary>
    /// Keras's <c>fashion_mnist.load_data</c>: the four gzipped idx files of <c>$KERAS_HOME/datasets/fashion-mnist</c>
    /// (each downloaded first when absent), labels from offset 8 and images from offset 16 reshaped to
    /// (n, 28, 28). The idx headers (magic number, count, rows, columns) are checked, which Keras does not do.
    /// </summary>
    public static ((Tensor x_train, Tensor y_train), (Tensor x_test, Tensor y_test)) LoadData() =>
        LoadData(BaseOrigin, Array.ConvertAll(Files, f => (string?)f.Md5));

    /// <summary><see cref="LoadData()"/> from another address, with the hashes of the four files (null: none) (tests).</summary>
    internal static ((Tensor x_train, Tensor y_train), (Tensor x_test, Tensor y_test)) LoadData(string baseOrigin, string?[] hashes)
    {
        var paths = new string[Files.Length];
        for (int i = 0; i < Files.Length; i++)
            paths[i] = DataUtils.GetFile(Files[i].Name, baseOrigin + Files[i].Name, file_hash: hashes[i],
                                         cache_subdir: CacheSubdir);
        var y_train = ReadLabels(paths[0]);
        var x_train = ReadImages(paths[1], y_train.Length);
        var y_test = ReadLabels(paths[2]);
        var x_test = ReadImages(paths[3], y_test.Length);
        return ((x_train, tensor(y_train, new long[] { y_train.Length })), (x_test, tensor(y_test, new long[] { y_test.Length })));
    }

    private static byte[] ReadLabels(string path)
    {
        var bytes = Gunzip(path);
        var count = Header(bytes, path, LabelMagic, "labels", 8);
        if (bytes.Length - 8 != count)
            throw new InvalidDataException($"{path} declares {count} labels but holds {bytes.Length - 8}. The file is truncated or corrupt.");
        return bytes[8..];
    }

    private static Tensor ReadImages(string path, int labels)
    {
        var bytes = Gunzip(path);
        var count = Header(bytes, path, ImageMagic, "images", 16);
        var rows = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(8));
        var cols = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(12));
        if (rows != Rows || cols != Cols)
            throw new InvalidDataException($"{path} holds images of {rows}x{cols} pixels; Fashion-MNIST's are {Rows}x{Cols}. The file is corrupt.");
        if (count != labels)
            throw new InvalidDataException($"{path} declares {count} images but its labels file holds {labels} labels. The files do not belong together.");
        if (bytes.Length - 16 != (long)count * Rows * Cols)
            throw new InvalidDataException($"{path} declares {count} images of {Rows}x{Cols} ({(long)count * Rows * Cols} bytes) but holds {bytes.Length - 16} bytes of pixels. The file is truncated or corrupt.");
        return tensor(bytes[16..], new long[] { count, Rows, Cols });
    }

    /// <summary>The count of an idx file after checking its magic number (big-endian, as the format stores it).</summary>
    private static int Header(byte[] bytes, string path, int magic, string what, int headerBytes)
    {
        if (bytes.Length < headerBytes)
            throw new InvalidDataException($"{path} has {bytes.Length} bytes, fewer than the {headerBytes} of an idx header of {what}. The file is truncated or corrupt.");
        var found = BinaryPrimitives.ReadInt32BigEndian(bytes);
        if (found != magic)
            throw new InvalidDataException($"{path} has the idx magic number {found}; a file of {what} has {magic}. The file is corrupt or not a Fashion-MNIST {what} file.");
        var count = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4));
        if (count < 0) throw new InvalidDataException($"{path} declares {count} {what}. The file is corrupt.");
        return count;
    }

    private static byte[] Gunzip(string path)
    {
        try
        {
            using var file = File.OpenRead(path);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var memory = new MemoryStream();
            gzip.CopyTo(memory);
            return memory.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path} is not a readable gzip file ({e.Message}): the file is truncated or corrupt.", e);
        }
    }
}
