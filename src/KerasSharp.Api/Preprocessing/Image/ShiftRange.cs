using System;
using System.Linq;

namespace KerasSharp.Preprocessing.Image;

/// <summary>
/// <c>width_shift_range</c>/<c>height_shift_range</c> with Keras's three meanings: a float is a uniform range
/// (a fraction of the size when below 1, pixels otherwise); an int n draws whole pixels from {−(n−1) … n−1}; a list
/// draws one of its values with a random sign (a fraction of the size when all are below 1).
/// </summary>
public readonly struct ShiftRange
{
    private ShiftRange(double? uniform, double[]? choices)
    {
        Uniform = uniform;
        Choices = choices;
    }

    /// <summary>The half-width of a uniform range, for a float argument.</summary>
    public double? Uniform { get; }

    /// <summary>The values drawn from (with a random sign), for an int or list argument.</summary>
    public double[]? Choices { get; }

    public bool IsZero => Uniform is 0 || (Uniform is null && (Choices is null || Choices.Length == 0));

    /// <summary>Keras multiplies by the image size when <c>np.max(range) &lt; 1</c>.</summary>
    public bool IsFraction => Uniform is double u ? u < 1 : Choices!.Max() < 1;

    public static implicit operator ShiftRange(double range) => range >= 0 ? new(range, null)
        : throw new ArgumentException($"A shift range must be >= 0. Received: {range}", nameof(range));

    public static implicit operator ShiftRange(int pixels) => pixels >= 0 ? new(null, Enumerable.Range(0, pixels).Select(i => (double)i).ToArray())
        : throw new ArgumentException($"A shift range must be >= 0. Received: {pixels}", nameof(pixels));

    public static implicit operator ShiftRange(double[] values) => new(null, (double[])values.Clone());
    public static implicit operator ShiftRange(int[] values) => new(null, values.Select(v => (double)v).ToArray());

    public override string ToString() => Uniform is double u ? u.ToString(System.Globalization.CultureInfo.InvariantCulture) : "[" + string.Join(", ", Choices!) + "]";
}
