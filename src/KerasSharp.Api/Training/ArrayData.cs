using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using static TorchSharp.torch;

namespace KerasSharp.Training;

/// <summary>
/// The data of a model's inputs or targets, as Keras takes it: one array, a list of arrays (one per input or output,
/// in order), or a dictionary by input or output name. Converts from a <c>Tensor</c>, an array or list of them, a
/// dictionary, or a collection expression: <c>model.Fit([x_a, x_b], [y_cls, y_reg])</c>.
/// </summary>
[CollectionBuilder(typeof(ArrayData), nameof(Create))]
public readonly struct ArrayData : IEnumerable<Tensor>
{
    private readonly Tensor[]? _list;
    private readonly IReadOnlyDictionary<string, Tensor>? _named;

    private ArrayData(Tensor[]? list, IReadOnlyDictionary<string, Tensor>? named) => (_list, _named) = (list, named);

    public static ArrayData Create(ReadOnlySpan<Tensor> arrays) => new(arrays.ToArray(), null);

    // A null converts to "nothing given", so the method that takes it names its own argument in the error.
    public static implicit operator ArrayData(Tensor? array) => array is null ? default : new(new[] { array }, null);
    public static implicit operator ArrayData(Tensor[]? arrays) => arrays is null ? default : new(arrays, null);
    public static implicit operator ArrayData(List<Tensor>? arrays) => arrays is null ? default : new(arrays.ToArray(), null);
    public static implicit operator ArrayData(Dictionary<string, Tensor>? arrays) => arrays is null ? default : new(null, arrays);

    /// <summary>Whether nothing was given (a default value).</summary>
    internal bool IsEmpty => _list is null && _named is null;

    /// <summary>
    /// One array per name, in the model's order: a list must have one per name, a dictionary a key for each (Keras's
    /// <c>standardize_input_data</c> messages); <paramref name="what"/> is "input" or "target".
    /// </summary>
    internal Tensor[] For(IReadOnlyList<string> names, string what, string argument)
    {
        if (_named is { } named)
        {
            foreach (var key in named.Keys.Where(k => !names.Contains(k)))
                throw new ArgumentException($"No such {(what == "input" ? "input" : "output")} name: \"{key}\". The model's are: [{Quote(names)}].", argument);
            return names.Select(n => named.TryGetValue(n, out var t) && t is not null ? t
                : throw new ArgumentException($"No data provided for \"{n}\". Need data for each key in: [{Quote(names)}]", argument)).ToArray();
        }
        var list = _list ?? Array.Empty<Tensor>();
        if (list.Length != names.Count)
            throw new ArgumentException($"Error when checking model {what}: the list of arrays that you are passing to your model is not the size the model expected. Expected to see {names.Count} array(s), but instead got {list.Length} array(s).", argument);
        for (int i = 0; i < list.Length; i++)
            if (list[i] is null) throw new ArgumentNullException(argument, $"The {what} array for \"{names[i]}\" is null.");
        return list;
    }

    private static string Quote(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));

    /// <summary>The list form's entries (what a collection expression builds); empty for the other forms.</summary>
    public IEnumerator<Tensor> GetEnumerator() => ((IEnumerable<Tensor>)(_list ?? Array.Empty<Tensor>())).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
