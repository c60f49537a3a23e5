using System;

namespace KerasSharp.Preprocessing.Image;

/// <summary><c>zoom_range</c>: a float z means [1 − z, 1 + z]; a pair is [lower, upper], as Keras reads it.</summary>
public readonly record struct ZoomRange(double Lower, double Upper)
{
    public static implicit operator ZoomRange(double z) => new(1 - z, 1 + z);
    public static implicit operator ZoomRange((double Lower, double Upper) r) => new(r.Lower, r.Upper);

    public static implicit operator ZoomRange(double[] r) => r.Length == 2 ? new(r[0], r[1])
        : throw new ArgumentException($"`zoom_range` should be a float or a tuple or list of two floats. Received: [{string.Join(", ", r)}]", "zoom_range");

    public bool IsIdentity => Lower == 1 && Upper == 1;
}
