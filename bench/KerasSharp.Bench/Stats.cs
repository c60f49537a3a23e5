using System.Linq;

namespace KerasSharp.Bench;

internal static class Stats
{
    public static double Median(double[] values)
    {
        if (values.Length == 0) return double.NaN;
        var sorted = values.OrderBy(v => v).ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>The q-quantile by the nearest rank of the sorted values (q = 0.25: the lower quartile).</summary>
    public static double Quantile(double[] values, double q)
    {
        if (values.Length == 0) return double.NaN;
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted[(int)System.Math.Round(q * (sorted.Length - 1))];
    }

    /// <summary>
    /// A distribution-free ~95% confidence interval for the median (order statistics: the j-th smallest and the j-th
    /// largest, j = ⌊n/2 − 0.98·√n⌋, the normal approximation to the binomial); the range itself below 6 values.
    /// </summary>
    public static (double Low, double High) MedianInterval(double[] values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        var n = sorted.Length;
        if (n == 0) return (double.NaN, double.NaN);
        var j = (int)System.Math.Floor(n / 2.0 - 0.98 * System.Math.Sqrt(n));
        if (j < 1) j = 1;
        return (sorted[j - 1], sorted[n - j]);
    }
}
