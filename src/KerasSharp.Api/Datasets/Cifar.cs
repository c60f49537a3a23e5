using System;
using System.Collections;
using System.IO;
using System.Linq;
using System.Text;
using static TorchSharp.torch;

namespace KerasSharp.Datasets;

/// <summary><c>keras.datasets.cifar</c>: reading one batch of the CIFAR-10 and CIFAR-100 "python versions".</summary>
internal static class Cifar
{
    private const int Rows = 32, Cols = 32, Channels = 3;

    /// <summary>
    /// Keras's <c>load_batch(fpath, label_key)</c>: a pickled dict with 'data' (uint8, (n, 3072), planes R, G, B) and
    /// the labels under <paramref name="label_key"/>; keys may be Python 2 str (as in the real files) or str. The
    /// images come back channels_last (n, 32, 32, 3), as both loaders hand them out. A file holding other than
    /// <paramref name="records"/> images, or a label outside 0..<paramref name="classes"/>-1, is an error naming it.
    /// </summary>
    public static (Tensor X, long[] Labels) LoadBatch(string path, string label_key, string dataset, int records, int classes)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{dataset} file missing: {path}", path);
        if (NumpyPickle.Load(path) is not Hashtable batch)
            throw new InvalidDataException($"{dataset} file {path} does not hold a pickled dict.");
        object Entry(string key) => batch[key] ?? batch[Encoding.Latin1.GetBytes(key)]
            ?? batch.Keys.Cast<object>().Where(k => k is byte[] b && Encoding.Latin1.GetString(b) == key).Select(k => batch[k]).FirstOrDefault()
            ?? throw new InvalidDataException($"{dataset} file {path} has no '{key}' entry.");
        var data = Entry("data") as NumpyPickle.NdArray ?? throw new InvalidDataException($"{dataset} file {path}: 'data' is not a numpy array.");
        var labels = ((IEnumerable)Entry(label_key)).Cast<object>().Select(Convert.ToInt64).ToArray();
        const int pixels = Rows * Cols * Channels;
        if (data.Dtype != "u1" || data.Shape.Length != 2 || data.Shape[1] != pixels || data.Shape[0] != records
            || labels.Length != records || data.Data.Length != records * pixels)
            throw new InvalidDataException($"{dataset} file {path} holds {(data.Shape.Length > 0 ? data.Shape[0] : 0)} images of shape ({string.Join(", ", data.Shape)}) and {labels.Length} labels; expected {records} uint8 images of {pixels} values and {records} labels. The file is truncated or corrupt.");
        if (labels.Any(l => l < 0 || l >= classes))
            throw new InvalidDataException($"{dataset} file {path} has a '{label_key}' value outside 0..{classes - 1}. The file is corrupt.");
        using var planes = tensor(data.Data, new long[] { records, Channels, Rows, Cols });
        return (planes.permute(0, 2, 3, 1).contiguous(), labels);
    }
}
