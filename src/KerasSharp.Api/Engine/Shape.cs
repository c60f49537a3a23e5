using System;
using System.Collections.Generic;
using System.Linq;

namespace KerasSharp;

/// <summary>
/// A Keras shape: a tuple of dimensions where <c>null</c> is an unknown size (<c>None</c>), e.g. the batch axis.
/// Converts implicitly from the forms a port writes: <c>(32, 32, 3)</c>, <c>new[] { 32, 32, 3 }</c> and a tensor's
/// <c>x.shape[1..]</c>.
/// </summary>
public sealed class Shape : IEquatable<Shape>
{
    private readonly int?[] _dims;

    public Shape(params int?[] dims) => _dims = (int?[])dims.Clone();

    public int Rank => _dims.Length;
    public int? this[int axis] => _dims[axis < 0 ? axis + _dims.Length : axis];
    public IReadOnlyList<int?> Dims => _dims;

    /// <summary>This shape with an unknown batch axis in front: <c>input_shape</c> → <c>batch_input_shape</c>.</summary>
    public Shape WithBatch(int? batch = null) => new(new[] { batch }.Concat(_dims).ToArray());

    /// <summary>This shape without its first (batch) axis.</summary>
    public Shape WithoutBatch() => new(_dims.Skip(1).ToArray());

    public Shape Replace(int axis, int? size)
    {
        var dims = (int?[])_dims.Clone();
        dims[axis < 0 ? axis + dims.Length : axis] = size;
        return new Shape(dims);
    }

    public bool IsFullyDefined(int fromAxis = 0) => _dims.Skip(fromAxis).All(d => d.HasValue);

    /// <summary>Product of the known dimensions from <paramref name="fromAxis"/> on.</summary>
    public long Product(int fromAxis = 0) => _dims.Skip(fromAxis).Aggregate(1L, (p, d) => p * (d ?? 1));

    public long[] ToLongArray(int unknownAs = -1) => _dims.Select(d => (long)(d ?? unknownAs)).ToArray();

    /// <summary>Python's tuple text, as Keras prints it: <c>(None, 32, 32, 3)</c>, <c>(10,)</c>.</summary>
    public override string ToString() =>
        _dims.Length == 1 ? $"({Text(_dims[0])},)" : "(" + string.Join(", ", _dims.Select(Text)) + ")";

    private static string Text(int? d) => d?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "None";

    public bool Equals(Shape? other) => other is not null && _dims.SequenceEqual(other._dims);
    public override bool Equals(object? obj) => Equals(obj as Shape);
    public override int GetHashCode() => _dims.Aggregate(17, (h, d) => h * 31 + (d ?? -1));

    public static implicit operator Shape(int[] dims) => new(dims.Select(d => (int?)d).ToArray());
    public static implicit operator Shape(long[] dims) => new(dims.Select(d => (int?)checked((int)d)).ToArray());
    public static implicit operator Shape(int dim) => new(dim);
    public static implicit operator Shape((int, int) t) => new(t.Item1, t.Item2);
    public static implicit operator Shape((int, int, int) t) => new(t.Item1, t.Item2, t.Item3);
    public static implicit operator Shape((int, int, int, int) t) => new(t.Item1, t.Item2, t.Item3, t.Item4);
}
