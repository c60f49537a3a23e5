using System;

namespace KerasSharp;

/// <summary>Three ints that convert from <c>3</c>, <c>(3, 3, 3)</c> or <c>new[] { 3, 3, 3 }</c>, as Keras's
/// <c>normalize_tuple</c> accepts an int or a tuple for a 3D layer's <c>kernel_size</c>, <c>strides</c> and <c>pool_size</c>.</summary>
public readonly record struct IntTuple3(int First, int Second, int Third)
{
    public static implicit operator IntTuple3(int value) => new(value, value, value);
    public static implicit operator IntTuple3((int, int, int) t) => new(t.Item1, t.Item2, t.Item3);

    public static implicit operator IntTuple3(int[] values) => values.Length switch
    {
        1 => new(values[0], values[0], values[0]),
        3 => new(values[0], values[1], values[2]),
        _ => throw new ArgumentException($"Expected an int or a tuple of 3 ints, got {values.Length} values.", nameof(values)),
    };

    public int[] ToArray() => new[] { First, Second, Third };
    public override string ToString() => $"({First}, {Second}, {Third})";
}
