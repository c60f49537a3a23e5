using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace KerasSharp.Layers;

/// <summary>
/// Keras 2.2.4's <c>_Merge</c>: an element-wise operation over a list of at least two inputs whose shapes broadcast
/// (a size 1 or <c>None</c> axis matches any); inputs of lower rank are expanded at axis 1 until the ranks agree.
/// </summary>
public abstract class Merge : Layer
{
    protected Merge(string? name, bool trainable, string? dtype) : base(name, trainable, null, null, dtype) { }

    /// <summary>The operation on inputs of equal rank.</summary>
    protected abstract Tensor MergeFunction(IReadOnlyList<Tensor> inputs);

    /// <summary>How many inputs the layer takes at least (and at most, for Subtract).</summary>
    protected virtual (int Min, int? Max) InputCount => (2, null);

    protected override void Build(IReadOnlyList<Shape> input_shapes) => ComputeOutputShapes(input_shapes);

    protected override void Build(Shape input_shape) => throw CountError(1);

    internal override bool FreshOutputs => true;

    protected override Tensor[] Call(Tensor[] inputs, bool training)
    {
        var rank = inputs.Max(x => x.dim());
        var aligned = inputs.Select(x =>
        {
            while (x.dim() < rank) x = x.unsqueeze(1);
            return x;
        }).ToList();
        return new[] { MergeFunction(aligned) };
    }

    public override IReadOnlyList<Shape> ComputeOutputShapes(IReadOnlyList<Shape> input_shapes)
    {
        if (input_shapes.Count < InputCount.Min || input_shapes.Count > (InputCount.Max ?? int.MaxValue)) throw CountError(input_shapes.Count);
        var batches = input_shapes.Select(s => s[0]).Where(b => b is not null).Distinct().ToList();
        if (batches.Count > 1)
            throw new KerasException($"Can not merge tensors with different batch sizes. Got tensors with shapes : [{string.Join(", ", input_shapes)}] (layer {Name})");
        var output = input_shapes[0].WithoutBatch();
        foreach (var shape in input_shapes.Skip(1)) output = Broadcast(output, shape.WithoutBatch(), input_shapes);
        return new[] { output.WithBatch(batches.FirstOrDefault()) };
    }

    public override Shape ComputeOutputShape(Shape input_shape) => throw CountError(1);

    /// <summary>Keras's <c>_compute_elemwise_op_output_shape</c> (trailing axes aligned).</summary>
    private Shape Broadcast(Shape a, Shape b, IReadOnlyList<Shape> all)
    {
        if (a.Rank < b.Rank) (a, b) = (b, a);
        var dims = a.Dims.Take(a.Rank - b.Rank).ToList();
        for (int k = 0; k < b.Rank; k++)
        {
            var (i, j) = (a[a.Rank - b.Rank + k], b[k]);
            if (i is null || j is null) dims.Add(null);
            else if (i == 1) dims.Add(j);
            else if (j == 1 || i == j) dims.Add(i);
            else throw new KerasException($"Operands could not be broadcast together with shapes {a} {b} (layer {Name}, inputs {string.Join(", ", all)})");
        }
        return new Shape(dims.ToArray());
    }

    private KerasException CountError(int received) => InputCount.Max is int max && max == InputCount.Min
        ? new($"A `{GetType().Name}` layer should be called on exactly {max} inputs. Got {received} inputs (layer {Name}).")
        : new($"A merge layer should be called on a list of at least {InputCount.Min} inputs. Got {received} inputs (layer {Name}).");
}
