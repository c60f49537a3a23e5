using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;

namespace KerasSharp.Training;

/// <summary>
/// Keras's <c>metrics</c> argument of <c>compile</c>: a list applied to every output (<c>["accuracy"]</c>), or a
/// dictionary by output name of such lists.
/// </summary>
[CollectionBuilder(typeof(MetricsSpec), nameof(Create))]
public readonly struct MetricsSpec : IEnumerable<MetricSpec>
{
    private readonly MetricSpec[]? _list;
    private readonly IReadOnlyDictionary<string, MetricSpec[]>? _named;

    private MetricsSpec(MetricSpec[]? list, IReadOnlyDictionary<string, MetricSpec[]>? named) => (_list, _named) = (list, named);

    public static MetricsSpec Create(ReadOnlySpan<MetricSpec> metrics) => new(metrics.ToArray(), null);

    public static implicit operator MetricsSpec(string[] names) => new(names.Select(n => (MetricSpec)n).ToArray(), null);
    public static implicit operator MetricsSpec(List<string> names) => new(names.Select(n => (MetricSpec)n).ToArray(), null);
    public static implicit operator MetricsSpec(MetricSpec[] metrics) => new(metrics, null);
    public static implicit operator MetricsSpec(List<MetricSpec> metrics) => new(metrics.ToArray(), null);
    public static implicit operator MetricsSpec(Dictionary<string, string[]> byOutput) =>
        new(null, byOutput.ToDictionary(kv => kv.Key, kv => kv.Value.Select(n => (MetricSpec)n).ToArray()));
    public static implicit operator MetricsSpec(Dictionary<string, MetricSpec[]> byOutput) => new(null, byOutput);

    /// <summary>Whether the metrics were given per output (a dictionary) rather than for every output.</summary>
    internal bool IsPerOutput => _named is not null;

    /// <summary>The metrics of each output, in the model's order.</summary>
    internal MetricSpec[][] For(IReadOnlyList<string> outputs, string argument)
    {
        if (_named is { } named)
        {
            foreach (var key in named.Keys.Where(k => !outputs.Contains(k)))
                throw new ArgumentException($"Unknown entry in {argument} dictionary: \"{key}\". Only expected the following keys: [{string.Join(", ", outputs.Select(o => $"'{o}'"))}]", argument);
            return outputs.Select(o => named.TryGetValue(o, out var m) ? m : Array.Empty<MetricSpec>()).ToArray();
        }
        var list = _list ?? Array.Empty<MetricSpec>();
        return outputs.Select(_ => list).ToArray();
    }

    /// <summary>The list form's entries (what a collection expression builds); empty for the other forms.</summary>
    public IEnumerator<MetricSpec> GetEnumerator() => ((IEnumerable<MetricSpec>)(_list ?? Array.Empty<MetricSpec>())).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
