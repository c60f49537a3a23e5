using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasSharp;

/// <summary>
/// The few numpy array lines that Keras tutorials write, in their own words on TorchSharp tensors (no numpy clone):
/// <c>x_train.astype('float32')</c> → <c>x_train.astype("float32")</c>, and <c>x_train.Shape</c>, which prints as
/// Python prints <c>x_train.shape</c>: <c>(50000, 32, 32, 3)</c>. TorchSharp's own <c>x.shape</c> is a <c>long[]</c>
/// and prints as <c>System.Int64[]</c>; the KSG0010 warning points to <c>.Shape</c> where that would happen.
/// </summary>
public static class NumpyStyle
{
    private static readonly Dictionary<string, ScalarType> Dtypes = new()
    {
        ["float16"] = ScalarType.Float16, ["half"] = ScalarType.Float16, ["f2"] = ScalarType.Float16,
        ["float32"] = ScalarType.Float32, ["single"] = ScalarType.Float32, ["f4"] = ScalarType.Float32,
        ["float64"] = ScalarType.Float64, ["float"] = ScalarType.Float64, ["double"] = ScalarType.Float64, ["f8"] = ScalarType.Float64,
        ["int8"] = ScalarType.Int8, ["i1"] = ScalarType.Int8,
        ["int16"] = ScalarType.Int16, ["i2"] = ScalarType.Int16,
        ["int32"] = ScalarType.Int32, ["i4"] = ScalarType.Int32,
        ["int64"] = ScalarType.Int64, ["int"] = ScalarType.Int64, ["i8"] = ScalarType.Int64,
        ["uint8"] = ScalarType.Byte, ["u1"] = ScalarType.Byte,
        ["bool"] = ScalarType.Bool, ["?"] = ScalarType.Bool,
    };

    extension(Tensor x)
    {
        /// <summary>numpy's <c>x.astype(dtype)</c>: a converted copy; <paramref name="dtype"/> is a numpy type name.</summary>
        public Tensor astype(string dtype)
        {
            ArgumentNullException.ThrowIfNull(dtype);
            return Dtypes.TryGetValue(dtype.Trim().ToLowerInvariant(), out var type) ? x.to_type(type, copy: true)
                : throw new ArgumentException($"data type '{dtype}' not understood. Known: {string.Join(", ", Dtypes.Keys.Where(k => k.Length > 2))}.", nameof(dtype));
        }

        /// <summary>numpy's <c>x.astype(np.float32)</c> → <c>x.astype(float32)</c> (with <c>using static TorchSharp.torch;</c>).</summary>
        public Tensor astype(ScalarType dtype) => x.to_type(dtype, copy: true);

        /// <summary>numpy's <c>x.shape</c> as a Keras <see cref="KerasSharp.Shape"/>: prints <c>(50000, 32, 32, 3)</c>.</summary>
        public Shape Shape => x.shape;
    }
}
