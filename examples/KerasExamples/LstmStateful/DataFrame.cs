using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using static TorchSharp.torch;

namespace KerasExamples.LstmStateful;

/// <summary>
/// The few pandas <c>DataFrame</c> operations lstm_stateful.py uses, over a float64 tensor of (rows, columns): row
/// labels count on from the first row's (pandas' index after slicing rows off), columns are 0, 1, ...
/// </summary>
public sealed class DataFrame
{
    /// <summary><c>pd.DataFrame(array)</c>: a vector is one column.</summary>
    public DataFrame(Tensor data) : this(data.dim() == 1 ? data.reshape(-1, 1) : data, 0)
    {
    }

    private DataFrame(Tensor values, long first)
    {
        Values = values.to_type(ScalarType.Float64);
        First = first;
    }

    /// <summary>pandas' <c>.values</c>.</summary>
    public Tensor Values { get; }

    /// <summary>The label of the first row.</summary>
    public long First { get; }

    /// <summary>pandas' <c>.shape</c>; prints as Python's tuple.</summary>
    public (long rows, long columns) Shape => (Values.shape[0], Values.shape[1]);

    /// <summary>pandas' <c>.columns</c>.</summary>
    public IEnumerable<int> Columns => Enumerable.Range(0, (int)Values.shape[1]);

    /// <summary><c>df[start:stop]</c>: rows, keeping their labels.</summary>
    public DataFrame this[Range rows]
    {
        get
        {
            var (offset, length) = rows.GetOffsetAndLength((int)Shape.rows);
            return new DataFrame(Values[offset..(offset + length)], First + offset);
        }
    }

    /// <summary><c>df[c]</c>: one column (a one-column frame); assigning one replaces that column's values.</summary>
    public DataFrame this[int column]
    {
        get => new(Values[.., column..(column + 1)], First);
        set => Values[.., column..(column + 1)] = value.Values;
    }

    /// <summary><c>df.rolling(window=w, center=False)</c>; <c>.Mean()</c> gives each row the mean of its last w rows.</summary>
    public Rolling Rolling(int window, bool center = false) =>
        center ? throw new ArgumentException("center=True is not supported by this example's DataFrame.", nameof(center))
        : window < 1 ? throw new ArgumentException($"window must be 1 or more; received window={window}", nameof(window))
        : new Rolling(this, window);

    /// <summary><c>df.shift(periods)</c>: rows moved down (up when negative), NaN where nothing moved in.</summary>
    public DataFrame Shift(int periods)
    {
        var n = (int)Shape.rows;
        var p = Math.Clamp(periods, -n, n);
        var nan = full(Math.Abs(p), Shape.columns, double.NaN, dtype: ScalarType.Float64);
        var moved = p >= 0 ? cat([nan, Values[..(n - p)]], 0) : cat([Values[(-p)..], nan], 0);
        return new DataFrame(moved, First);
    }

    internal DataFrame WithValues(Tensor values) => new(values, First);

    /// <summary><c>df.head(n)</c>.</summary>
    public DataFrame Head(int n = 5) => this[..(int)Math.Min(n, Shape.rows)];

    /// <summary><c>df.tail(n)</c>.</summary>
    public DataFrame Tail(int n = 5) => this[^(int)Math.Min(n, Shape.rows)..];

    /// <summary>
    /// As <c>print(df)</c> lays out a frame of floats: labels left-aligned, then each column right-aligned under its
    /// name, six decimals with the trailing zeros that every value of the column shares removed, NaN for missing.
    /// </summary>
    public override string ToString()
    {
        var labels = Enumerable.Range(0, (int)Shape.rows).Select(i => (First + i).ToString(CultureInfo.InvariantCulture)).ToArray();
        var labelWidth = labels.Select(l => l.Length).DefaultIfEmpty(0).Max();
        var columns = Columns.Select(c => Format(Values[.., c].data<double>().ToArray())).ToArray();
        var widths = Columns.Select(c => columns[c].Select(v => v.Length).Append(c.ToString(CultureInfo.InvariantCulture).Length).Max()).ToArray();
        var lines = new List<string> { new string(' ', labelWidth) + string.Concat(Columns.Select(c => " " + c.ToString(CultureInfo.InvariantCulture).PadLeft(widths[c]))) };
        for (int i = 0; i < labels.Length; i++)
            lines.Add(labels[i].PadRight(labelWidth) + string.Concat(Columns.Select(c => " " + columns[c][i].PadLeft(widths[c]))));
        return string.Join("\n", lines);
    }

    private static string[] Format(double[] values)
    {
        var text = values.Select(v => double.IsNaN(v) ? null : (v < 0 ? "" : " ") + v.ToString("F6", CultureInfo.InvariantCulture)).ToArray();
        var numbers = text.OfType<string>().ToList();
        var trim = 0;
        while (numbers.Count > 0 && trim < 5 && numbers.All(t => t[t.Length - 1 - trim] == '0')) trim++;
        return text.Select(t => t is null ? "NaN" : t[..^trim]).ToArray();
    }
}
