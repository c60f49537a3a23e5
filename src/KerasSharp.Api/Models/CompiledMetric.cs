namespace KerasSharp.Models;

/// <summary>
/// A metric as compiled: the key it is logged under, the Keras function that computes it (resolved against the loss
/// and output shape when first used) and whether sample weights weight it (<c>weighted_metrics</c>).
/// </summary>
internal sealed record CompiledMetric(string Name, string Function, bool Weighted);
