using System;
using System.Collections;
using System.IO;
using System.Linq;
using Razorvine.Pickle;

namespace KerasSharp.Datasets;

/// <summary>
/// Reads pickles that hold numpy arrays (as Keras's datasets in their "python version" do): numpy's
/// <c>_reconstruct</c>/<c>dtype</c> globals become a <see cref="NdArray"/> of raw bytes. Only what those files use:
/// C-ordered arrays of one-byte-per-element or little-endian fixed-size numbers.
/// </summary>
internal static class NumpyPickle
{
    // Razorvine keeps its constructors in one process-wide table.
    static NumpyPickle()
    {
        Unpickler.registerConstructor("numpy.core.multiarray", "_reconstruct", new Reconstruct());
        Unpickler.registerConstructor("numpy", "dtype", new DtypeConstructor());
    }

    public static object Load(string path)
    {
        using var stream = File.OpenRead(path);
        using var unpickler = new Unpickler();
        try
        {
            return unpickler.load(stream);
        }
        catch (Exception e) when (e is PickleException or InvalidCastException or IOException or IndexOutOfRangeException)
        {
            throw new InvalidDataException($"{path} is not a readable pickle ({e.Message}): the file is truncated or corrupt.", e);
        }
    }

    /// <summary>A numpy array: its shape, element type (numpy code such as 'u1') and raw C-ordered bytes.</summary>
    public sealed class NdArray
    {
        public long[] Shape { get; private set; } = Array.Empty<long>();
        public string Dtype { get; private set; } = "";
        public byte[] Data { get; private set; } = Array.Empty<byte>();

        // numpy's ndarray.__setstate__((version, shape, dtype, is_fortran, rawdata)).
        public void __setstate__(object[] state)
        {
            var offset = state.Length == 5 ? 1 : 0;
            Shape = ((IEnumerable)state[offset]).Cast<object>().Select(Convert.ToInt64).ToArray();
            Dtype = ((DtypeState)state[offset + 1]).Code;
            if (Convert.ToBoolean(state[offset + 2])) throw new InvalidDataException("Fortran-ordered numpy arrays are not supported.");
            Data = state[offset + 3] switch
            {
                byte[] bytes => bytes,
                string latin1 => latin1.Select(ch => (byte)ch).ToArray(), // a Python 2 str: one char per byte
                var other => throw new InvalidDataException($"Unexpected numpy array data of type {other?.GetType().Name}."),
            };
        }
    }

    /// <summary>numpy.dtype(code, align, copy) with its state; only the code is needed here.</summary>
    public sealed class DtypeState
    {
        public DtypeState(string code) => Code = code;
        public string Code { get; }
        public void __setstate__(object[] state) { }
    }

    private sealed class Reconstruct : IObjectConstructor
    {
        public object construct(object[] args) => new NdArray();
    }

    private sealed class DtypeConstructor : IObjectConstructor
    {
        public object construct(object[] args) => new DtypeState((string)args[0]);
    }
}
