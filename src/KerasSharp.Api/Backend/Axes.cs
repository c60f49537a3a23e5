using System;
using System.Linq;

namespace KerasSharp.Backend;

/// <summary>
/// A Keras <c>axis</c> argument: one axis or several, as <c>axis=1</c> or <c>axis=(1, 2)</c> are written
/// (<c>axis: 1</c>, <c>axis: (1, 2)</c>, <c>axis: new[] { 1, 2 }</c>); null where Keras's <c>None</c> means every axis.
/// </summary>
public readonly struct Axes
{
    private readonly int[]? _values;

    public Axes(params int[] values) => _values = values ?? throw new ArgumentNullException(nameof(values));

    public int[] Values => _values ?? Array.Empty<int>();

    public long[] ToLongArray() => Values.Select(v => (long)v).ToArray();

    public static implicit operator Axes(int axis) => new(axis);
    public static implicit operator Axes(int[] axes) => new(axes);
    public static implicit operator Axes((int, int) axes) => new(axes.Item1, axes.Item2);
    public static implicit operator Axes((int, int, int) axes) => new(axes.Item1, axes.Item2, axes.Item3);
    public static implicit operator Axes((int, int, int, int) axes) => new(axes.Item1, axes.Item2, axes.Item3, axes.Item4);

    public override string ToString() => Values.Length == 1 ? Values[0].ToString(System.Globalization.CultureInfo.InvariantCulture) : "(" + string.Join(", ", Values) + ")";
}
