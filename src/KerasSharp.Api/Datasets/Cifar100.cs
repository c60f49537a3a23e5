using System;
using System.IO;
using KerasSharp.Utils;
using static TorchSharp.torch;

namespace KerasSharp.Datasets;

/// <summary>
/// <c>keras.datasets.cifar100</c> (Keras 2.2.4): 50,000 training and 10,000 test 32x32 colour images in 100 fine
/// classes grouped in 20 coarse ones. <c>(x_train, y_train), (x_test, y_test) = cifar100.load_data(label_mode='fine')</c>
/// ports as <c>var ((x_train, y_train), (x_test, y_test)) = Cifar100.LoadData(label_mode: "fine");</c>.
/// </summary>
public static class Cifar100
{
    /// <summary>Keras's cache folder and download address; the MD5 is the one the CIFAR page publishes (Keras checks none).</summary>
    public const string Folder = "cifar-100-python";
    public const string Origin = "https://www.cs.toronto.edu/~kriz/cifar-100-python.tar.gz";
    public const string OriginMd5 = "eb9058c3a382ffc7106e4002c42a8d85";
    private const int TrainRecords = 50000, TestRecords = 10000;

    /// <summary>
    /// Keras's <c>cifar100.load_data</c>: the pickled 'train' and 'test' files of <c>$KERAS_HOME/datasets/cifar-100-python</c>
    /// (the archive downloaded and extracted first when the folder is absent), x uint8 (n, 32, 32, 3) (channels_last,
    /// Keras's image data format) and y int64 (n, 1), the '<paramref name="label_mode"/>_labels' ("fine": 0..99,
    /// "coarse": 0..19).
    /// </summary>
    public static ((Tensor x_train, Tensor y_train), (Tensor x_test, Tensor y_test)) LoadData(string label_mode = "fine") =>
        LoadData((Origin, OriginMd5), label_mode, TrainRecords, TestRecords);

    /// <summary><see cref="LoadData(string)"/> from another origin, with other file sizes (tests).</summary>
    internal static ((Tensor x_train, Tensor y_train), (Tensor x_test, Tensor y_test)) LoadData(
        (string Origin, string? Hash) source, string label_mode, int trainRecords, int testRecords)
    {
        if (label_mode is not ("fine" or "coarse"))
            throw new ArgumentException($"`label_mode` must be one of `\"fine\"`, `\"coarse\"`. Received: '{label_mode}'.", nameof(label_mode));
        var path = DataUtils.GetFile(Folder, source.Origin, untar: true, md5_hash: source.Hash);
        var classes = label_mode == "fine" ? 100 : 20;
        (Tensor, Tensor) Batch(string name, int records)
        {
            var (x, labels) = Cifar.LoadBatch(Path.Combine(path, name), label_mode + "_labels", "CIFAR-100", records, classes);
            return (x, tensor(labels, new long[] { labels.Length, 1 }));
        }
        return (Batch("train", trainRecords), Batch("test", testRecords));
    }
}
