using static TorchSharp.torch;

namespace KerasExamples.LstmStateful;

/// <summary>pandas' <c>df.rolling(window)</c>, for <c>.mean()</c>.</summary>
public sealed class Rolling(DataFrame frame, int window)
{
    /// <summary>Each row the mean of itself and the window - 1 rows before it; NaN where there are fewer.</summary>
    public DataFrame Mean()
    {
        var (rows, columns) = frame.Shape;
        var filled = System.Math.Min(rows, window - 1);
        var nan = full(filled, columns, double.NaN, dtype: ScalarType.Float64);
        if (rows < window) return frame.WithValues(nan);
        var means = frame.Values.unfold(0, window, 1).mean([-1]);
        return frame.WithValues(cat([nan, means], 0));
    }
}
