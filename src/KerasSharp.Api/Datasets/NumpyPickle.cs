using System;
using System.Collections;
using System.IO;
using System.Linq;
using Razorvine.Pickle;

namespace KerasSharp.Datasets;

/// <summary>
/// Reads pickles that hold numpy arrays (as Keras's datasets in their "python version" do): numpy's
/// <c>_reconstruct</c>/<c>dtype</c> globals become a <see cref="NdArray"/> of raw bytes. Only what those files use:
/// C-ordered arrays of one-byte-per-element or little-endian fixed-size numbers, and object arrays (the lists of word
/// indices in the IMDB and Reuters .npz files), whose elements are kept as unpickled.
/// </summary>
internal static class NumpyPickle
{
    // Razorvine keeps its constructors in one process-wide table.
    static NumpyPickle()
    {
        // numpy 2 pickles its internals under numpy._core.
        Unpickler.registerConstructor("numpy.core.multiarray", "_reconstruct", new Reconstruct());
        Unpickler.registerConstructor("numpy._core.multiarray", "_reconstruct", new Reconstruct());
        Unpickler.registerConstructor("numpy", "dtype", new DtypeConstructor());
    }

    public static object Load(string path)
    {
        using var stream = File.OpenRead(path);
        return Load(stream, path);
    }

    /// <summary>Unpickles from <paramref name="stream"/>; <paramref name="path"/> names it in errors.</summary>
    public static object Load(Stream stream, string path)
    {
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

    /// <summary>
    /// A numpy array: its shape, element type (numpy code such as 'u1', 'i8'; 'O' for objects) and raw C-ordered
    /// bytes, or for an object array its elements in <see cref="Objects"/>.
    /// </summary>
    public sealed class NdArray
    {
        public NdArray() { }

        internal NdArray(long[] shape, string dtype, byte[] data, object?[]? objects)
        {
            Shape = shape;
            Dtype = dtype;
            Data = data;
            Objects = objects;
        }

        public long[] Shape { get; private set; } = Array.Empty<long>();
        public string Dtype { get; private set; } = "";
        public byte[] Data { get; private set; } = Array.Empty<byte>();
        public object?[]? Objects { get; private set; }

        // numpy's ndarray.__setstate__((version, shape, dtype, is_fortran, rawdata)).
        public void __setstate__(object[] state)
        {
            var offset = state.Length == 5 ? 1 : 0;
            Shape = ((IEnumerable)state[offset]).Cast<object>().Select(Convert.ToInt64).ToArray();
            Dtype = ((DtypeState)state[offset + 1]).Code;
            if (Convert.ToBoolean(state[offset + 2])) throw new InvalidDataException("Fortran-ordered numpy arrays are not supported.");
            if (Dtype.StartsWith('O'))
            {
                // An object array's state holds its elements as a list.
                Dtype = "O";
                Objects = state[offset + 3] is IList list ? list.Cast<object?>().ToArray()
                    : throw new InvalidDataException($"Unexpected numpy object array data of type {state[offset + 3]?.GetType().Name}.");
                return;
            }
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
