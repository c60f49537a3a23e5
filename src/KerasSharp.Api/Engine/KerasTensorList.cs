using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;

namespace KerasSharp;

/// <summary>
/// One or several symbolic tensors, where Keras takes a tensor or a list: <c>Model(inputs: x, outputs: [a, b])</c>,
/// <c>layer.Apply([a, b])</c>. Converts from one <see cref="KerasTensor"/> (a packed one gives its parts), an array, a
/// list, or a collection expression.
/// </summary>
[CollectionBuilder(typeof(KerasTensorList), nameof(Create))]
public readonly struct KerasTensorList : IReadOnlyList<KerasTensor>
{
    private readonly KerasTensor[]? _items;

    public KerasTensorList(IEnumerable<KerasTensor> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        _items = items.SelectMany(t => (t ?? throw new ArgumentNullException(nameof(items), "A tensor in the list is null.")).Unpack()).ToArray();
    }

    public static KerasTensorList Create(ReadOnlySpan<KerasTensor> items) => new(items.ToArray());

    public KerasTensor this[int index] => Items[index];
    public int Count => Items.Length;
    private KerasTensor[] Items => _items ?? Array.Empty<KerasTensor>();

    public IEnumerator<KerasTensor> GetEnumerator() => ((IEnumerable<KerasTensor>)Items).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public static implicit operator KerasTensorList(KerasTensor tensor) => new(new[] { tensor ?? throw new ArgumentNullException(nameof(tensor)) });
    public static implicit operator KerasTensorList(KerasTensor[] tensors) => new(tensors);
    public static implicit operator KerasTensorList(List<KerasTensor> tensors) => new(tensors);

    public override string ToString() => "[" + string.Join(", ", Items.Select(t => t.ToString())) + "]";
}
