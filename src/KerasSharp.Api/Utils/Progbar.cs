using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;

namespace KerasSharp.Utils;

/// <summary>
/// Keras 2.3.1's <c>Progbar</c>: <c> 64/782 [==&gt;...........] - ETA: 1:23 - loss: 1.2345 - accuracy: 0.5678</c>.
/// On a terminal the bar is redrawn in place; when output is redirected each update is a new line, at most one
/// every <see cref="RedirectedInterval"/> (Keras writes one every 0.05 s, which floods log files).
/// </summary>
public sealed class Progbar
{
    public static readonly TimeSpan RedirectedInterval = TimeSpan.FromSeconds(10);

    private readonly int? _target;
    private readonly int _width;
    private readonly int _verbose;
    private readonly TimeSpan _interval;
    private readonly HashSet<string> _statefulMetrics;
    private readonly bool _dynamicDisplay;
    private readonly TextWriter _out;
    private readonly Func<double> _clock;
    private readonly double _start;
    private readonly OrderedDictionary<string, (double Sum, double Count)> _values = new();
    private int _totalWidth;
    private int _seenSoFar;
    private double _lastUpdate;

    public Progbar(int? target, int width = 30, int verbose = 1, double interval = 0.05,
                   IEnumerable<string>? stateful_metrics = null, TextWriter? output = null,
                   bool? dynamic_display = null, Func<double>? clock = null)
    {
        _target = target;
        _width = width;
        _verbose = verbose;
        _statefulMetrics = new HashSet<string>(stateful_metrics ?? Array.Empty<string>());
        _out = output ?? Console.Out;
        _dynamicDisplay = dynamic_display ?? (output is null && !Console.IsOutputRedirected);
        _interval = _dynamicDisplay ? TimeSpan.FromSeconds(interval) : RedirectedInterval;
        var stopwatch = Stopwatch.StartNew();
        _clock = clock ?? (() => stopwatch.Elapsed.TotalSeconds);
        _start = _clock();
    }

    /// <summary>Moves the bar to <paramref name="current"/>; metric values are averaged over steps unless stateful.</summary>
    public void Update(int current, IEnumerable<KeyValuePair<string, double>>? values = null)
    {
        foreach (var (key, value) in values ?? Array.Empty<KeyValuePair<string, double>>())
        {
            if (_statefulMetrics.Contains(key))
            {
                _values[key] = (value, 1);
                continue;
            }
            var weight = current - _seenSoFar;
            _values[key] = _values.TryGetValue(key, out var old) ? (old.Sum + value * weight, old.Count + weight) : (value * weight, weight);
        }
        _seenSoFar = current;

        var now = _clock();
        var info = new StringBuilder(Invariant($" - {Math.Round(now - _start):0}s"));
        if (_verbose == 1)
        {
            if (now - _lastUpdate < _interval.TotalSeconds && _target is int t0 && current < t0) return;
            var previousWidth = _totalWidth;
            _out.Write(_dynamicDisplay ? new string('\b', previousWidth) + "\r" : "\n");

            string bar;
            if (_target is int target)
            {
                var digits = (int)Math.Floor(Math.Log10(target)) + 1;
                var sb = new StringBuilder(current.ToString(CultureInfo.InvariantCulture).PadLeft(digits)).Append('/').Append(target).Append(" [");
                var progWidth = (int)(_width * ((double)current / target));
                if (progWidth > 0) sb.Append('=', progWidth - 1).Append(current < target ? '>' : '=');
                sb.Append('.', Math.Max(0, _width - progWidth)).Append(']');
                bar = sb.ToString();
            }
            else
            {
                bar = Invariant($"{current,7}/Unknown");
            }
            _totalWidth = bar.Length;
            _out.Write(bar);

            var timePerUnit = current > 0 ? (now - _start) / current : 0;
            if (_target is int tgt && current < tgt)
            {
                var eta = timePerUnit * (tgt - current);
                var etaText = eta > 3600 ? Invariant($"{(int)(eta / 3600)}:{(int)(eta % 3600 / 60):00}:{(int)(eta % 60):00}")
                    : eta > 60 ? Invariant($"{(int)(eta / 60)}:{(int)(eta % 60):00}")
                    : Invariant($"{(int)eta}s");
                info.Clear().Append(" - ETA: ").Append(etaText);
            }
            else
            {
                info.Append(timePerUnit >= 1 ? Invariant($" {Math.Round(timePerUnit):0}s/step")
                    : timePerUnit >= 1e-3 ? Invariant($" {Math.Round(timePerUnit * 1e3):0}ms/step")
                    : Invariant($" {Math.Round(timePerUnit * 1e6):0}us/step"));
            }
            AppendValues(info, absolute: true);
            _totalWidth += info.Length;
            if (previousWidth > _totalWidth) info.Append(' ', previousWidth - _totalWidth);
            if (_target is int end && current >= end) info.Append('\n');
            _out.Write(info.ToString());
            _out.Flush();
        }
        else if (_verbose == 2 && (_target is null || current >= _target))
        {
            AppendValues(info, absolute: false);
            info.Append('\n');
            _out.Write(info.ToString());
            _out.Flush();
        }
        _lastUpdate = now;
    }

    public void Add(int n, IEnumerable<KeyValuePair<string, double>>? values = null) => Update(_seenSoFar + n, values);

    // Keras prints |avg| > 1e-3 as %.4f and smaller values as %.4e (verbose 2 compares avg, not |avg|).
    private void AppendValues(StringBuilder info, bool absolute)
    {
        foreach (var (key, (sum, count)) in _values)
        {
            var avg = sum / Math.Max(1, count);
            info.Append(" - ").Append(key).Append(": ").Append(FormatValue(avg, absolute ? Math.Abs(avg) : avg));
        }
    }

    private static string FormatValue(double value, double magnitude) =>
        magnitude > 1e-3 ? value.ToString("F4", CultureInfo.InvariantCulture) : PythonExp(value);

    /// <summary>Python's <c>'%.4e'</c>: two-digit exponent with sign, e.g. <c>1.2340e-05</c>.</summary>
    private static string PythonExp(double value) => value.ToString("0.0000e+00", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
