using System;
using KerasSharp.Metrics;

namespace KerasSharp.Training;

/// <summary>One entry of Keras's <c>metrics</c> list: a name (<c>"accuracy"</c>, <c>"mae"</c>...) or a metric object or function.</summary>
public readonly struct MetricSpec
{
    private MetricSpec(string? name, Metric? metric) => (Name, Metric) = (name, metric);

    /// <summary>The Keras name, resolved against the output's loss and shape when the model is used.</summary>
    public string? Name { get; }

    /// <summary>A metric given as an object (a <see cref="MetricFunction"/>, say).</summary>
    public Metric? Metric { get; }

    public static implicit operator MetricSpec(string name) => new(name ?? throw new ArgumentNullException(nameof(name)), null);
    public static implicit operator MetricSpec(Metric metric) => new(null, metric ?? throw new ArgumentNullException(nameof(metric)));

    public override string ToString() => Name ?? Metric!.Name;
}
