using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace KerasSharp.Datasets;

/// <summary>
/// Reads numpy's <c>.npz</c> archives (a zip of <c>.npy</c> files, as <c>np.savez</c> and <c>np.savez_compressed</c>
/// write them), what <c>np.load(path, allow_pickle=True)</c> gives for the files Keras's datasets ship: C-ordered
/// arrays of little-endian numbers, and object arrays, stored pickled.
/// </summary>
internal static partial class Npz
{
    private static readonly byte[] Magic = { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y' };

    /// <summary>The arrays of <paramref name="path"/>, keyed as numpy keys them (member name without ".npy").</summary>
    public static Dictionary<string, NumpyPickle.NdArray> Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"No such file: {path}", path);
        try
        {
            using var zip = ZipFile.OpenRead(path);
            var arrays = new Dictionary<string, NumpyPickle.NdArray>();
            foreach (var entry in zip.Entries.Where(e => e.Name.EndsWith(".npy", StringComparison.Ordinal)))
            {
                using var stream = entry.Open();
                arrays[entry.FullName[..^4]] = ReadNpy(stream, $"{path} ({entry.FullName})");
            }
            return arrays;
        }
        catch (InvalidDataException e) when (e.Message.IndexOf(path, StringComparison.Ordinal) < 0)
        {
            // The zip layer's own errors: a truncated archive, a bad member checksum.
            throw new InvalidDataException($"{path} is not a readable .npz archive ({e.Message}): the file is truncated or corrupt.", e);
        }
    }

    /// <summary>The array <paramref name="key"/> of an archive; a clear error naming the file when it is absent.</summary>
    public static NumpyPickle.NdArray Get(this Dictionary<string, NumpyPickle.NdArray> arrays, string key, string path) =>
        arrays.TryGetValue(key, out var array) ? array
            : throw new InvalidDataException($"{path} has no array '{key}' (it holds: {string.Join(", ", arrays.Keys.Select(k => $"'{k}'"))}).");

    /// <summary>One .npy: magic, version, a Python-literal header dict (descr, fortran_order, shape), then the data.</summary>
    public static NumpyPickle.NdArray ReadNpy(Stream stream, string name)
    {
        var prefix = ReadExactly(stream, 8, name, "header");
        if (!prefix.AsSpan(0, 6).SequenceEqual(Magic))
            throw new InvalidDataException($"{name} is not a .npy array (it does not start with \\x93NUMPY).");
        var major = prefix[6];
        if (major is < 1 or > 3) throw new InvalidDataException($"{name} is a .npy file of version {major}.{prefix[7]}, which is not supported (1.0 to 3.0 are).");
        var lengthBytes = ReadExactly(stream, major == 1 ? 2 : 4, name, "header");
        var length = major == 1 ? BitConverter.ToUInt16(lengthBytes) : (int)BitConverter.ToUInt32(lengthBytes);
        var header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(ReadExactly(stream, length, name, "header"));

        var descr = DescrPattern().Match(header);
        var fortran = FortranPattern().Match(header);
        var shapeMatch = ShapePattern().Match(header);
        if (!descr.Success || !fortran.Success || !shapeMatch.Success)
            throw new InvalidDataException($"{name} has a .npy header numpy did not write or with a dtype that is not supported: {header.Trim()}");
        if (fortran.Groups[1].Value == "True") throw new InvalidDataException($"{name} holds a Fortran-ordered array, which is not supported.");
        var shape = shapeMatch.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(long.Parse).ToArray();
        var count = shape.Aggregate(1L, (a, b) => a * b);

        var code = descr.Groups[1].Value;
        if (code == "|O")
        {
            if (NumpyPickle.Load(stream, name) is not NumpyPickle.NdArray objects || objects.Objects is null)
                throw new InvalidDataException($"{name}: the pickled data of an object array is not a numpy object array.");
            if (objects.Objects.Length != count)
                throw new InvalidDataException($"{name}: the header gives {count} elements but the pickled array holds {objects.Objects.Length}. The file is corrupt.");
            return new NumpyPickle.NdArray(shape, "O", Array.Empty<byte>(), objects.Objects);
        }
        if (code[0] == '>' || code.Length < 3 || !"iuf".Contains(code[1]) || !int.TryParse(code[2..], out var size) || size is not (1 or 2 or 4 or 8))
            throw new InvalidDataException($"{name} has dtype '{code}'; supported are little-endian integers and floats, and objects.");
        var data = ReadExactly(stream, checked((int)(count * size)), name, "data");
        return new NumpyPickle.NdArray(shape, code[1..], data, null);
    }

    /// <summary>The elements of an integer array as longs (labels).</summary>
    public static long[] ToInt64(this NumpyPickle.NdArray array, string name)
    {
        var bytes = array.Data;
        return array.Dtype switch
        {
            "i1" => bytes.Select(b => (long)(sbyte)b).ToArray(),
            "u1" => bytes.Select(b => (long)b).ToArray(),
            "i2" => Enumerable.Range(0, bytes.Length / 2).Select(i => (long)BitConverter.ToInt16(bytes, 2 * i)).ToArray(),
            "u2" => Enumerable.Range(0, bytes.Length / 2).Select(i => (long)BitConverter.ToUInt16(bytes, 2 * i)).ToArray(),
            "i4" => Enumerable.Range(0, bytes.Length / 4).Select(i => (long)BitConverter.ToInt32(bytes, 4 * i)).ToArray(),
            "u4" => Enumerable.Range(0, bytes.Length / 4).Select(i => (long)BitConverter.ToUInt32(bytes, 4 * i)).ToArray(),
            "i8" => Enumerable.Range(0, bytes.Length / 8).Select(i => BitConverter.ToInt64(bytes, 8 * i)).ToArray(),
            "O" => array.Objects!.Select(o => ToInt64(o, name)).ToArray(),
            _ => throw new InvalidDataException($"{name} has dtype '{array.Dtype}' where integers are expected."),
        };
    }

    /// <summary>A numeric array as a tensor of its own shape and element type (what <c>np.load</c> hands Keras's loaders).</summary>
    public static TorchSharp.torch.Tensor ToTensor(this NumpyPickle.NdArray array, string name)
    {
        // The .npy data is little-endian, as are the machines .NET runs on.
        T[] As<T>() where T : struct => MemoryMarshal.Cast<byte, T>(array.Data).ToArray();
        var shape = array.Shape;
        return array.Dtype switch
        {
            "u1" => TorchSharp.torch.tensor(array.Data.ToArray(), shape),
            "i1" => TorchSharp.torch.tensor(As<sbyte>(), shape),
            "i2" => TorchSharp.torch.tensor(As<short>(), shape),
            "i4" => TorchSharp.torch.tensor(As<int>(), shape),
            "i8" => TorchSharp.torch.tensor(As<long>(), shape),
            "f4" => TorchSharp.torch.tensor(As<float>(), shape),
            "f8" => TorchSharp.torch.tensor(As<double>(), shape),
            _ => throw new InvalidDataException($"{name} has dtype '{array.Dtype}', which has no tensor type here (expected uint8, a signed integer, float32 or float64)."),
        };
    }

    /// <summary>An object array of integer lists (or of integer arrays) as int[][] (word index sequences).</summary>
    public static int[][] ToSequences(this NumpyPickle.NdArray array, string name)
    {
        if (array.Shape.Length != 1) throw new InvalidDataException($"{name} has shape ({string.Join(", ", array.Shape)}); expected a 1-d array of sequences.");
        if (array.Objects is null)
            throw new InvalidDataException($"{name} has dtype '{array.Dtype}'; expected an object array of lists.");
        return array.Objects.Select(o => o switch
        {
            NumpyPickle.NdArray inner => inner.ToInt64(name).Select(v => checked((int)v)).ToArray(),
            IEnumerable items and not string => items.Cast<object?>().Select(v => checked((int)ToInt64(v, name))).ToArray(),
            _ => throw new InvalidDataException($"{name} holds a {o?.GetType().Name ?? "None"} where a list of word indices is expected."),
        }).ToArray();
    }

    private static long ToInt64(object? value, string name) => value switch
    {
        int i => i,
        long l => l,
        System.Numerics.BigInteger b when b >= long.MinValue && b <= long.MaxValue => (long)b,
        _ => throw new InvalidDataException($"{name} holds {value ?? "None"} ({value?.GetType().Name ?? "None"}) where an integer is expected."),
    };

    private static byte[] ReadExactly(Stream stream, int count, string name, string part)
    {
        var buffer = new byte[count];
        var read = stream.ReadAtLeast(buffer, count, throwOnEndOfStream: false);
        if (read < count) throw new InvalidDataException($"{name} ends inside its {part} ({read} of {count} bytes): the file is truncated or corrupt.");
        return buffer;
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex FortranPattern();

    [GeneratedRegex(@"'shape'\s*:\s*\(([\d,\s]*)\)")]
    private static partial Regex ShapePattern();
}
