using KerasSharp.Metrics;

namespace KerasSharp.Training;

/// <summary>
/// A metric as requested at compile (for every output): the key it is logged under, the Keras function that computes
/// it (resolved against each output's loss and shape when first used) or a metric object given as such, and whether
/// sample weights weight it (<c>weighted_metrics</c>).
/// </summary>
internal sealed record CompiledMetric(string Name, string Function, bool Weighted)
{
    /// <summary>A metric given as an object (a function metric): used as is.</summary>
    public Metric? Given { get; init; }

    /// <summary>The output it measures, or null for every output (a list given to compile).</summary>
    public int? Output { get; init; }
}
