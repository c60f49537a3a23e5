using System;

namespace KerasSharp;

/// <summary>A pair of ints that converts from <c>3</c>, <c>(3, 3)</c> or <c>new[] { 3, 3 }</c>, as Keras's
/// <c>normalize_tuple</c> accepts an int or a tuple for <c>kernel_size</c>, <c>strides</c> and <c>pool_size</c>.</summary>
public readonly record struct IntTuple2(int First, int Second)
{
    public static implicit operator IntTuple2(int value) => new(value, value);
    public static implicit operator IntTuple2((int, int) t) => new(t.Item1, t.Item2);

    public static implicit operator IntTuple2(int[] values) => values.Length switch
    {
        1 => new(values[0], values[0]),
        2 => new(values[0], values[1]),
        _ => throw new ArgumentException($"Expected an int or a tuple of 2 ints, got {values.Length} values.", nameof(values)),
    };

    public int[] ToArray() => new[] { First, Second };
    public override string ToString() => $"({First}, {Second})";
}
