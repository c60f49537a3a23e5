using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;

namespace KerasSharp.Training;

/// <summary>
/// Keras's <c>loss_weights</c> argument of <c>compile</c>: a list with one coefficient per output, or a dictionary by
/// output name (an output left out weighs 1), so the total loss is Σ weight·loss.
/// </summary>
[CollectionBuilder(typeof(LossWeights), nameof(Create))]
public readonly struct LossWeights : IEnumerable<double>
{
    private readonly double[]? _list;
    private readonly IReadOnlyDictionary<string, double>? _named;

    private LossWeights(double[]? list, IReadOnlyDictionary<string, double>? named) => (_list, _named) = (list, named);

    public static LossWeights Create(ReadOnlySpan<double> weights) => new(weights.ToArray(), null);

    public static implicit operator LossWeights(double[] weights) => new(weights, null);
    public static implicit operator LossWeights(List<double> weights) => new(weights.ToArray(), null);
    public static implicit operator LossWeights(Dictionary<string, double> weights) => new(null, weights);

    internal double[] For(IReadOnlyList<string> outputs)
    {
        if (_named is { } named)
        {
            foreach (var key in named.Keys.Where(k => !outputs.Contains(k)))
                throw new ArgumentException($"Unknown entry in loss_weights dictionary: \"{key}\". Only expected the following keys: [{string.Join(", ", outputs.Select(o => $"'{o}'"))}]", "loss_weights");
            return outputs.Select(o => named.TryGetValue(o, out var w) ? w : 1.0).ToArray();
        }
        if (_list is { } list)
        {
            if (list.Length != outputs.Count)
                throw new ArgumentException($"When passing a list as loss_weights, it should have one entry per model output. The model has {outputs.Count} outputs, but you passed loss_weights={list.Length} weights.", "loss_weights");
            return list;
        }
        return outputs.Select(_ => 1.0).ToArray();
    }

    /// <summary>The list form's entries (what a collection expression builds); empty for the other forms.</summary>
    public IEnumerator<double> GetEnumerator() => ((IEnumerable<double>)(_list ?? Array.Empty<double>())).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
