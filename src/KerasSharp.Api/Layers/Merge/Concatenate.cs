using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasSharp.Layers;

/// <summary>
/// <c>keras.layers.Concatenate(axis=-1)</c>: joins its inputs along <c>axis</c>; every other axis must match (function
/// form: <c>concatenate([a, b], axis: -1)</c>).
/// </summary>
[KerasLayer("Concatenate")]
public sealed class Concatenate : Layer
{
    public Concatenate(int axis = -1, string? name = null, bool trainable = true, string? dtype = null)
        : base(name, trainable, null, null, dtype) => Axis = axis;

    public int Axis { get; }

    protected override void Build(IReadOnlyList<Shape> input_shapes) => ComputeOutputShapes(input_shapes);

    protected override void Build(Shape input_shape) => throw TooFew(1);

    protected override Tensor[] Call(Tensor[] inputs, bool training) => new[] { torch.cat(inputs, Axis) };

    public override Shape ComputeOutputShape(Shape input_shape) => throw TooFew(1);

    public override IReadOnlyList<Shape> ComputeOutputShapes(IReadOnlyList<Shape> input_shapes)
    {
        if (input_shapes.Count < 2) throw TooFew(input_shapes.Count);
        var rank = input_shapes[0].Rank;
        var axis = Axis < 0 ? Axis + rank : Axis;
        string Others(Shape s) => string.Join(",", s.Dims.Where((_, i) => i != axis).Select(d => d?.ToString() ?? "None"));
        if (axis < 0 || axis >= rank || input_shapes.Any(s => s.Rank != rank) || input_shapes.Select(Others).Distinct().Count() > 1)
            throw new KerasException($"A `Concatenate` layer requires inputs with matching shapes except for the concat axis. Got inputs shapes: [{string.Join(", ", input_shapes)}] (layer {Name}, axis={Axis})");
        var sizes = input_shapes.Select(s => s[axis]).ToList();
        return new[] { input_shapes[0].Replace(axis, sizes.All(s => s is not null) ? sizes.Sum() : null) };
    }

    private KerasException TooFew(int received) =>
        new($"A `Concatenate` layer should be called on a list of at least 2 inputs. Got {received} inputs (layer {Name}).");
}
