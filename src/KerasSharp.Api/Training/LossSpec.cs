using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using KerasSharp.Losses;

namespace KerasSharp.Training;

/// <summary>
/// Keras's <c>loss</c> argument of <c>compile</c>: one loss for every output (a name such as
/// <c>"categorical_crossentropy"</c>, a <see cref="Loss"/> object or function), a list with one per output, or a
/// dictionary by output name (an output left out has no loss).
/// </summary>
[CollectionBuilder(typeof(LossSpec), nameof(Create))]
public readonly struct LossSpec : IEnumerable<Loss>
{
    private readonly Loss? _single;
    private readonly Loss?[]? _list;
    private readonly IReadOnlyDictionary<string, Loss>? _named;

    private LossSpec(Loss? single, Loss?[]? list, IReadOnlyDictionary<string, Loss>? named) => (_single, _list, _named) = (single, list, named);

    public static LossSpec Create(ReadOnlySpan<Loss> losses) => new(null, losses.ToArray(), null);

    public static implicit operator LossSpec(string name) => new(Loss.Get(name), null, null);
    public static implicit operator LossSpec(Loss loss) => new(loss ?? throw new ArgumentNullException(nameof(loss)), null, null);
    public static implicit operator LossSpec(Loss[] losses) => new(null, losses, null);
    public static implicit operator LossSpec(List<Loss> losses) => new(null, losses.ToArray(), null);
    public static implicit operator LossSpec(Dictionary<string, Loss> losses) => new(null, null, losses);
    public static implicit operator LossSpec(Dictionary<string, string> losses) =>
        new(null, null, losses.ToDictionary(kv => kv.Key, kv => Loss.Get(kv.Value)));
    public static implicit operator LossSpec(Func<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor, TorchSharp.torch.Tensor> function) =>
        new(new LossFunction(function), null, null);

    /// <summary>Whether no loss was given (a model trained by <c>AddLoss</c> alone).</summary>
    internal bool IsEmpty => _single is null && _list is null && _named is null;

    /// <summary>One loss (or none) per output, in the model's order, as Keras's <c>compile</c> reads the argument.</summary>
    internal Loss?[] For(IReadOnlyList<string> outputs)
    {
        if (_single is { } single) return outputs.Select(_ => single).ToArray();
        if (_named is { } named)
        {
            foreach (var key in named.Keys.Where(k => !outputs.Contains(k)))
                throw new ArgumentException($"Unknown entry in loss dictionary: \"{key}\". Only expected the following keys: [{string.Join(", ", outputs.Select(o => $"'{o}'"))}]", "loss");
            return outputs.Select(o => named.TryGetValue(o, out var l) ? l : null).ToArray();
        }
        if (_list is { } list)
        {
            if (list.Length != outputs.Count)
                throw new ArgumentException($"When passing a list as loss, it should have one entry per model outputs. The model has {outputs.Count} outputs, but you passed loss={list.Length} losses.", "loss");
            return list;
        }
        return outputs.Select(_ => (Loss?)null).ToArray();
    }

    /// <summary>The list form's entries (what a collection expression builds); empty for the other forms.</summary>
    public IEnumerator<Loss> GetEnumerator() => ((IEnumerable<Loss>)((IEnumerable<Loss>?)_list?.OfType<Loss>() ?? Array.Empty<Loss>())).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
