using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace KerasSharp.Backend;

/// <summary>Keras's dtype names (<c>K.cast(x, 'int32')</c>, <c>KerasTensor.Dtype</c>) and the libtorch types they stand for.</summary>
internal static class Dtypes
{
    private static readonly Dictionary<string, ScalarType> ByName = new()
    {
        ["float16"] = ScalarType.Float16, ["float32"] = ScalarType.Float32, ["float64"] = ScalarType.Float64,
        ["int8"] = ScalarType.Int8, ["int16"] = ScalarType.Int16, ["int32"] = ScalarType.Int32, ["int64"] = ScalarType.Int64,
        ["uint8"] = ScalarType.Byte, ["bool"] = ScalarType.Bool,
    };

    /// <summary>The type a Keras dtype name stands for, or an error naming <paramref name="argument"/>.</summary>
    public static ScalarType Parse(string dtype, string argument)
    {
        ArgumentNullException.ThrowIfNull(dtype, argument);
        return ByName.TryGetValue(dtype, out var type) ? type
            : throw new ArgumentException($"Unknown dtype: {argument}='{dtype}'. Known: {string.Join(", ", ByName.Keys)}.", argument);
    }

    /// <summary>The Keras name of a libtorch type.</summary>
    public static string Name(ScalarType type) =>
        ByName.FirstOrDefault(kv => kv.Value == type).Key ?? type.ToString().ToLowerInvariant();
}
