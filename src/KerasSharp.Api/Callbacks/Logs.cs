using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace KerasSharp.Callbacks;

/// <summary>
/// The <c>logs</c> dictionary Keras passes to callbacks: metric name → value, in a stable order (loss, metrics, then
/// the <c>val_</c> entries). Values are plain numbers; tensors never reach a callback.
/// </summary>
public sealed class Logs : OrderedDictionary<string, double>
{
    public Logs() { }

    public Logs(IEnumerable<KeyValuePair<string, double>> entries)
    {
        foreach (var (key, value) in entries) Add(key, value);
    }

    /// <summary>The value of <paramref name="key"/>, or of its Keras 2.2.4/2.3 twin (<c>acc</c> ↔ <c>accuracy</c>).</summary>
    public new double this[string key]
    {
        get => TryGetMetric(key, out var value) ? value : base[key];
        set => base[key] = value;
    }

    /// <summary>Looks <paramref name="key"/> up, then its twin (<c>val_acc</c> finds <c>val_accuracy</c> and the reverse).</summary>
    public bool TryGetMetric(string key, out double value) =>
        TryGetValue(key, out value) || MetricAliases.Twin(key) is { } twin && TryGetValue(twin, out value);

    public override string ToString() =>
        "{" + string.Join(", ", this.Select(kv => $"'{kv.Key}': {kv.Value.ToString("R", CultureInfo.InvariantCulture)}")) + "}";
}
