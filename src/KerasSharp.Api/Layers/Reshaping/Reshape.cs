using System;
using System.Linq;
using static TorchSharp.torch;

namespace KerasSharp.Layers;

/// <summary><c>keras.layers.Reshape(target_shape)</c>: the batch axis is kept; one entry may be -1.</summary>
[KerasLayer("Reshape")]
public sealed class Reshape : Layer
{
    public Reshape(Shape target_shape, Shape? input_shape = null, Shape? batch_input_shape = null,
                   string? name = null, bool trainable = true, string? dtype = null)
        : base(name, trainable, input_shape, batch_input_shape, dtype)
    {
        if (target_shape.Dims.Any(d => d is null or 0 or < -1) || target_shape.Dims.Count(d => d == -1) > 1)
            throw new ArgumentException($"Invalid value for argument `target_shape`: sizes must be positive, with at most one -1. Received: target_shape={target_shape}", nameof(target_shape));
        TargetShape = target_shape;
    }

    public Shape TargetShape { get; }

    protected override Tensor Call(Tensor inputs, bool training) =>
        inputs.reshape(new[] { inputs.shape[0] }.Concat(TargetShape.ToLongArray()).ToArray());

    public override Shape ComputeOutputShape(Shape input_shape)
    {
        var dims = TargetShape.Dims.ToArray();
        var known = dims.Where(d => d != -1).Aggregate(1L, (p, d) => p * d!.Value);
        var total = input_shape.Product(1);
        var unknown = Array.IndexOf(dims, (int?)-1);
        if (unknown >= 0)
        {
            if (!input_shape.IsFullyDefined(1)) dims[unknown] = null;
            else if (total % known != 0) throw Mismatch(input_shape);
            else dims[unknown] = (int)(total / known);
        }
        else if (input_shape.IsFullyDefined(1) && total != known)
        {
            throw Mismatch(input_shape);
        }
        return new Shape(dims).WithBatch(input_shape[0]);
    }

    private KerasException Mismatch(Shape input_shape) =>
        new($"Layer {Name}: total size of new array must be unchanged: cannot reshape an input of shape {input_shape} to target_shape={TargetShape}.");
}
