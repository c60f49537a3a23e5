using System.Collections;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace KerasSharp.Callbacks;

/// <summary>
/// Keras's <c>history.history</c>: one list per log key, in the order the keys were logged. A key asked for as
/// <c>acc</c>/<c>val_acc</c> finds <c>accuracy</c>/<c>val_accuracy</c> and the reverse (Keras 2.2.4 vs 2.3 names).
/// </summary>
public sealed class HistoryValues : IReadOnlyDictionary<string, List<double>>
{
    private readonly OrderedDictionary<string, List<double>> _values = new();

    public List<double> this[string key] =>
        TryGetValue(key, out var list) ? list : throw new KeyNotFoundException($"History has no key '{key}'. Keys: {string.Join(", ", _values.Keys)}.");

    public IEnumerable<string> Keys => _values.Keys;
    public IEnumerable<List<double>> Values => _values.Values;
    public int Count => _values.Count;

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out List<double> value) =>
        _values.TryGetValue(key, out value) || MetricAliases.Twin(key) is { } twin && _values.TryGetValue(twin, out value);

    internal void Append(string key, double value)
    {
        if (!_values.TryGetValue(key, out var list)) _values[key] = list = new List<double>();
        list.Add(value);
    }

    public IEnumerator<KeyValuePair<string, List<double>>> GetEnumerator() => _values.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
