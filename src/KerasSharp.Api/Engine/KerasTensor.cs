using System;
using System.Collections.Generic;
using System.Linq;

namespace KerasSharp;

/// <summary>
/// A symbolic tensor: the shape (batch axis <c>None</c>) and dtype of a value that a model will compute, and the
/// layer call (<see cref="Node"/>) that makes it, as Keras's <c>_keras_history</c>. <c>Input(shape: ...)</c> makes one;
/// calling a layer on it (<c>new Dense(64).Apply(x)</c>) makes the next. A layer with several outputs returns them
/// packed in one value that deconstructs: <c>var (output, state_h, state_c) = lstm.Apply(x);</c>.
/// </summary>
public sealed partial class KerasTensor
{
    private readonly Shape? _shape;
    private readonly string? _dtype;
    private readonly Node? _node;
    private readonly KerasTensor[]? _parts;

    internal KerasTensor(Shape shape, string dtype, Node node, int index, bool hasMask = false)
    {
        HasMask = hasMask;
        _shape = shape;
        _dtype = dtype;
        _node = node;
        Index = index;
    }

    private KerasTensor(KerasTensor[] parts) => _parts = parts;

    /// <summary>Several outputs as one value (a layer call with several outputs); a single one stays as it is.</summary>
    internal static KerasTensor Pack(IReadOnlyList<KerasTensor> parts) => parts.Count == 1 ? parts[0] : new KerasTensor(parts.ToArray());

    /// <summary>Whether this value holds several tensors (deconstruct it, or pass it where a list is expected).</summary>
    public bool IsPacked => _parts is not null;

    /// <summary>The tensors this value stands for: itself, or the packed ones.</summary>
    public IReadOnlyList<KerasTensor> Unpack() => _parts ?? new[] { this };

    /// <summary>
    /// One of the packed tensors, as Python indexes the list a call of several outputs returns
    /// (<c>decoder(encoder(inputs)[2])</c>); a single tensor is not sliced this way (use <c>K</c> functions or a Lambda).
    /// </summary>
    public KerasTensor this[int index] =>
        _parts is null ? throw new InvalidOperationException($"{this} is one tensor, not a list of the outputs of a call: index [{index}] applies to a call of several outputs.")
        : index >= -_parts.Length && index < _parts.Length ? _parts[index < 0 ? index + _parts.Length : index]
        : throw new ArgumentOutOfRangeException(nameof(index), index, $"This value holds {_parts.Length} tensors.");

    /// <summary>The shape, batch axis included (<c>None</c> where unknown), as Keras's <c>K.int_shape</c>.</summary>
    public Shape Shape => _shape ?? throw Packed(nameof(Shape));

    /// <summary>The element type: <c>float32</c>, unless a backend function makes another (<c>K.argmax</c>: <c>int64</c>).</summary>
    public string Dtype => _dtype ?? throw Packed(nameof(Dtype));

    /// <summary>The layer call that computes this tensor.</summary>
    internal Node Node => _node ?? throw Packed(nameof(Node));

    /// <summary>Whether the call gives this tensor a mask (Keras's <c>_keras_mask</c> is not None).</summary>
    internal bool HasMask { get; }

    /// <summary>Which output of that call this is.</summary>
    internal int Index { get; }

    /// <summary>The layer that makes this tensor (Keras's <c>_keras_history[0]</c>).</summary>
    public Layer Layer => Node.Layer;

    /// <summary>Keras's tensor name: the layer, then the call and output numbers, e.g. <c>dense_1/0:0</c>.</summary>
    public string Name => $"{Layer.Name}/{Node.Index}:{Index}";

    public void Deconstruct(out KerasTensor first, out KerasTensor second)
    {
        var parts = Parts(2);
        (first, second) = (parts[0], parts[1]);
    }

    public void Deconstruct(out KerasTensor first, out KerasTensor second, out KerasTensor third)
    {
        var parts = Parts(3);
        (first, second, third) = (parts[0], parts[1], parts[2]);
    }

    public void Deconstruct(out KerasTensor first, out KerasTensor second, out KerasTensor third, out KerasTensor fourth)
    {
        var parts = Parts(4);
        (first, second, third, fourth) = (parts[0], parts[1], parts[2], parts[3]);
    }

    private KerasTensor[] Parts(int count) =>
        _parts is { } parts && parts.Length == count ? parts
            : throw new InvalidOperationException($"Cannot deconstruct {this} into {count} tensors: it holds {Unpack().Count}.");

    private InvalidOperationException Packed(string member) =>
        new($"This value holds {_parts!.Length} tensors ({string.Join(", ", _parts.Select(p => p.ToString()))}); deconstruct it to read `{member}` of one: var (a, b) = ...");

    public override string ToString() => _parts is null
        ? $"<KerasTensor shape={Shape} dtype={Dtype} (created by layer '{Layer.Name}')>"
        : "[" + string.Join(", ", _parts.Select(p => p.ToString())) + "]";
}
