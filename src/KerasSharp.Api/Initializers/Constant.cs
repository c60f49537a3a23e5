using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasSharp.Initializers;

/// <summary>
/// <c>keras.initializers.Constant(value=0)</c>. <c>value</c> is a number, or (as Keras 2 accepts a list or ndarray)
/// an array of any rank, e.g. <c>new double[,] { { 1, 0 }, { 0, 1 } }</c>: its values fill the weight in row-major
/// order, padded with the last value when there are fewer, as Keras 2.2.4's <c>K.constant(value, shape)</c> does.
/// </summary>
[KerasObject("Constant", Aliases = new[] { "constant" })]
public sealed class Constant : Initializer
{
    private readonly double[] _values;

    /// <param name="value">A number, a numeric array (any rank, jagged or not) or a tensor; null is 0.</param>
    public Constant(object? value = null)
    {
        if (value is null or double or float or int or long or short or byte or decimal)
        {
            var scalar = Convert.ToDouble(value ?? 0.0, CultureInfo.InvariantCulture);
            Value = scalar;
            _values = new[] { scalar };
            return;
        }
        var values = new List<double>();
        Value = Nested(value, values);
        if (values.Count == 0)
            throw new ArgumentException("Constant initializer: `value` is an empty array. Received: value=[]", nameof(value));
        _values = values.ToArray();
    }

    /// <summary>The value as Keras writes it in a config: a number, or nested lists of numbers.</summary>
    public object Value { get; }

    protected override Tensor Sample(long[] shape, torch.Generator? generator)
    {
        var size = shape.Aggregate(1L, (p, d) => p * d);
        if (_values.Length == 1) return full(shape, _values[0], float32);
        if (_values.Length > size)
            throw new ArgumentException($"Constant initializer: `value` holds {_values.Length} values, more than the {size} of a weight of shape ({string.Join(", ", shape)}).", nameof(shape));
        var filled = _values.Concat(Enumerable.Repeat(_values[^1], (int)(size - _values.Length))).Select(v => (float)v).ToArray();
        return tensor(filled, shape);
    }

    /// <summary>A numeric array (or tensor) as nested lists of doubles; its values, row-major, go to <paramref name="flat"/>.</summary>
    private static object Nested(object value, List<double> flat)
    {
        switch (value)
        {
            case Tensor t:
                var data = t.detach().cpu().to_type(ScalarType.Float64);
                var values = data.data<double>().ToArray();
                return Nested(data.dim() == 0 ? values[0] : ToArray(values, data.shape, 0), flat);
            case Array { Rank: > 1 } grid:
                return Nested(Rows(grid, new int[grid.Rank], 0), flat);
            case System.Collections.IEnumerable items and not string:
                return items.Cast<object?>().Select(item => item is null ? throw Bad(item) : Nested(item, flat)).ToArray();
            default:
                try
                {
                    var number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                    flat.Add(number);
                    return number;
                }
                catch (Exception e) when (e is InvalidCastException or FormatException)
                {
                    throw Bad(value);
                }
        }
    }

    private static object[] ToArray(double[] data, long[] shape, int offset)
    {
        if (shape.Length == 1) return data.Skip(offset).Take((int)shape[0]).Cast<object>().ToArray();
        var stride = (int)shape.Skip(1).Aggregate(1L, (p, d) => p * d);
        return Enumerable.Range(0, (int)shape[0]).Select(i => (object)ToArray(data, shape[1..], offset + i * stride)).ToArray();
    }

    private static object[] Rows(Array grid, int[] index, int axis)
    {
        var rows = new object[grid.GetLength(axis)];
        for (int i = 0; i < rows.Length; i++)
        {
            index[axis] = i;
            rows[i] = axis == grid.Rank - 1 ? grid.GetValue(index)! : Rows(grid, index, axis + 1);
        }
        return rows;
    }

    private static ArgumentException Bad(object? value) =>
        new($"Constant initializer: `value` must be a number or an array of numbers. Received an element {value ?? "None"} of type {value?.GetType().Name ?? "null"}.", "value");
}
