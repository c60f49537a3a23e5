using System;

namespace KerasSharp.Callbacks;

/// <summary>
/// What EarlyStopping, ReduceLROnPlateau and ModelCheckpoint share (Keras 2.3.1): the monitored log key, the mode
/// ('auto' reads 'acc'/'accuracy'/'fmeasure' as max, everything else as min) and the improvement test with min_delta.
/// </summary>
public abstract class MonitorCallback : Callback
{
    protected MonitorCallback(string monitor, string mode, double min_delta)
    {
        Monitor = monitor;
        Mode = ArgumentValidation.OneOf(nameof(mode), mode, "auto", "min", "max");
        var max = Mode == "max" || (Mode == "auto" && (monitor.Contains("acc") || monitor.StartsWith("fmeasure", StringComparison.Ordinal)));
        Maximize = max;
        MinDelta = Math.Abs(min_delta) * (max ? 1 : -1);
    }

    public string Monitor { get; }
    public string Mode { get; }

    /// <summary>Whether larger values of <see cref="Monitor"/> are better.</summary>
    public bool Maximize { get; }

    /// <summary>Signed as Keras stores it: positive when maximising, negative when minimising.</summary>
    public double MinDelta { get; }

    /// <summary>Keras's <c>monitor_op(current - min_delta, best)</c>.</summary>
    protected bool IsImprovement(double current, double best) =>
        Maximize ? current - MinDelta > best : current - MinDelta < best;

    protected double WorstValue => Maximize ? double.NegativeInfinity : double.PositiveInfinity;

    private bool _warned;

    /// <summary>
    /// The monitored value (<c>val_acc</c> finds <c>val_accuracy</c> and the reverse), or null when the logs lack it,
    /// with Keras's warning once per callback rather than every epoch.
    /// </summary>
    protected double? Current(Logs logs)
    {
        if (logs.TryGetMetric(Monitor, out var value)) return value;
        if (!_warned)
            Console.Error.WriteLine($"RuntimeWarning: {GetType().Name} conditioned on metric `{Monitor}` which is not available. Available metrics are: {string.Join(",", logs.Keys)}");
        _warned = true;
        return null;
    }
}
