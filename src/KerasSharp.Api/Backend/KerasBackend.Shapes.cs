using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace KerasSharp.Backend;

/// <summary>Keras 2.2.4's shape functions: shapes, reshaping, joining, repeating and indexing.</summary>
public static partial class KerasBackend
{
    /// <summary><c>K.int_shape(x)</c>: the shape, <c>None</c> for the batch axis of a symbolic tensor.</summary>
    public static KerasSharp.Shape IntShape(KerasTensor x) => x.Shape;

    /// <summary><c>K.int_shape(x)</c> of a real tensor: its shape, every size known.</summary>
    public static KerasSharp.Shape IntShape(Tensor x) => ShapeOf(x);

    /// <summary><c>K.shape(x)</c>: the shape as an int64 tensor (TensorFlow's is int32).</summary>
    public static Tensor Shape(Tensor x) => tensor(x.shape, device: x.device);

    /// <summary>
    /// <c>K.shape(x)</c> of a symbolic tensor: its shape when the model runs (the batch size included), e.g. for
    /// <c>K.RandomNormal(shape: K.Shape(z_mean))</c>.
    /// </summary>
    public static KerasTensor Shape(KerasTensor x) => Record("shape", x);

    /// <summary><c>K.ndim(x)</c>.</summary>
    public static int Ndim(Tensor x) => (int)x.dim();

    public static int Ndim(KerasTensor x) => x.Shape.Rank;

    /// <summary><c>K.reshape(x, shape)</c>: <paramref name="shape"/> includes the batch axis and may hold one −1.</summary>
    public static Tensor Reshape(Tensor x, KerasSharp.Shape shape) => x.reshape(CheckReshape(ShapeOf(x), shape));

    public static KerasTensor Reshape(KerasTensor x, KerasSharp.Shape shape)
    {
        CheckReshape(x.Shape, shape);
        return Record("reshape", x, new() { ["shape"] = shape });
    }

    /// <summary><c>K.permute_dimensions(x, pattern)</c>, e.g. <c>pattern: (0, 2, 1)</c>.</summary>
    public static Tensor PermuteDimensions(Tensor x, Axes pattern) => x.permute(CheckPattern(pattern, (int)x.dim()));

    public static KerasTensor PermuteDimensions(KerasTensor x, Axes pattern)
    {
        CheckPattern(pattern, x.Shape.Rank);
        return Record("permute_dimensions", x, new() { ["pattern"] = pattern });
    }

    private static long[] CheckPattern(Axes pattern, int rank)
    {
        if (!pattern.Values.OrderBy(a => a).SequenceEqual(Enumerable.Range(0, rank)))
            throw new ArgumentException($"K.permute_dimensions: pattern={pattern} must order the axes 0..{rank - 1} of a tensor of rank {rank}, each once.", nameof(pattern));
        return pattern.ToLongArray();
    }

    /// <summary><c>K.expand_dims(x, axis=-1)</c>: a new axis of size 1.</summary>
    public static Tensor ExpandDims(Tensor x, int axis = -1) => x.unsqueeze(CheckNewAxis("expand_dims", axis, (int)x.dim()));

    public static KerasTensor ExpandDims(KerasTensor x, int axis = -1)
    {
        CheckNewAxis("expand_dims", axis, x.Shape.Rank);
        return Record("expand_dims", x, new() { ["axis"] = axis });
    }

    /// <summary>An axis of the result of inserting one into a tensor of rank <paramref name="rank"/>.</summary>
    private static int CheckNewAxis(string function, int axis, int rank) => CheckAxis(function, axis, rank + 1);

    /// <summary><c>K.squeeze(x, axis)</c>: removes an axis of size 1.</summary>
    public static Tensor Squeeze(Tensor x, int axis) => x.squeeze(CheckSqueeze(ShapeOf(x), axis));

    public static KerasTensor Squeeze(KerasTensor x, int axis)
    {
        CheckSqueeze(x.Shape, axis);
        return Record("squeeze", x, new() { ["axis"] = axis });
    }

    private static int CheckSqueeze(KerasSharp.Shape x, int axis)
    {
        var a = CheckAxis("squeeze", axis, x.Rank);
        if (!Fits(x[a], 1))
            throw new ArgumentException($"K.squeeze: axis={axis} of a tensor of shape {x} has size {x[a]}, not 1.", nameof(axis));
        return a;
    }

    /// <summary><c>K.concatenate(tensors, axis=-1)</c>.</summary>
    public static Tensor Concatenate(IReadOnlyList<Tensor> tensors, int axis = -1)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var shapes = tensors.Select(ShapeOf).ToList();
        return cat(tensors.ToArray(), CheckConcatenate(shapes, axis));
    }

    public static KerasTensor Concatenate(KerasTensorList tensors, int axis = -1)
    {
        CheckConcatenate(tensors.Select(t => t.Shape).ToList(), axis);
        return Record("concatenate", tensors, new() { ["axis"] = axis });
    }

    private static int CheckConcatenate(IReadOnlyList<KerasSharp.Shape> shapes, int axis)
    {
        if (shapes.Count == 0) throw new ArgumentException("K.concatenate: tensors is empty.", "tensors");
        var a = CheckAxis("concatenate", axis, shapes[0].Rank);
        CheckConcatenation("concatenate", shapes, a, "tensors");
        return a;
    }

    /// <summary><c>K.stack(x, axis=0)</c>: tensors of one shape along a new axis.</summary>
    public static Tensor Stack(IReadOnlyList<Tensor> x, int axis = 0)
    {
        ArgumentNullException.ThrowIfNull(x);
        return stack(x.ToArray(), CheckStack(x.Select(ShapeOf).ToList(), axis));
    }

    public static KerasTensor Stack(KerasTensorList x, int axis = 0)
    {
        CheckStack(x.Select(t => t.Shape).ToList(), axis);
        return Record("stack", x, new() { ["axis"] = axis });
    }

    private static int CheckStack(IReadOnlyList<KerasSharp.Shape> shapes, int axis)
    {
        if (shapes.Count == 0) throw new ArgumentException("K.stack: x is empty.", "x");
        var a = CheckNewAxis("stack", axis, shapes[0].Rank);
        CheckConcatenation("stack", shapes, null, "x");
        return a;
    }

    /// <summary><c>K.flatten(x)</c>: one axis.</summary>
    public static Tensor Flatten(Tensor x) => x.reshape(-1);

    public static KerasTensor Flatten(KerasTensor x) => Record("flatten", x);

    /// <summary><c>K.batch_flatten(x)</c>: (batch, everything else).</summary>
    public static Tensor BatchFlatten(Tensor x)
    {
        CheckRank("batch_flatten", ShapeOf(x), 1, "x");
        return x.reshape(-1, x.shape.Skip(1).Aggregate(1L, (p, d) => p * d));
    }

    public static KerasTensor BatchFlatten(KerasTensor x)
    {
        CheckRank("batch_flatten", x.Shape, 1, "x");
        return Record("batch_flatten", x);
    }

    /// <summary><c>K.repeat_elements(x, rep, axis)</c>: each slice along <paramref name="axis"/> repeated, as <c>np.repeat</c>.</summary>
    public static Tensor RepeatElements(Tensor x, int rep, int axis) =>
        x.repeat_interleave((long)CheckRepeat(rep), CheckAxis("repeat_elements", axis, (int)x.dim()));

    public static KerasTensor RepeatElements(KerasTensor x, int rep, int axis)
    {
        CheckRepeat(rep);
        CheckAxis("repeat_elements", axis, x.Shape.Rank);
        return Record("repeat_elements", x, new() { ["rep"] = rep, ["axis"] = axis });
    }

    private static int CheckRepeat(int rep) =>
        rep >= 1 ? rep : throw new ArgumentException($"K.repeat_elements: rep={rep} must be at least 1.", nameof(rep));

    /// <summary><c>K.tile(x, n)</c>: <paramref name="n"/> holds one multiple per axis (an int for a vector).</summary>
    public static Tensor Tile(Tensor x, KerasSharp.Shape n) => x.tile(CheckTile(ShapeOf(x), n));

    public static KerasTensor Tile(KerasTensor x, KerasSharp.Shape n)
    {
        CheckTile(x.Shape, n);
        return Record("tile", x, new() { ["n"] = n });
    }

    private static long[] CheckTile(KerasSharp.Shape x, KerasSharp.Shape n)
    {
        ArgumentNullException.ThrowIfNull(n);
        if (n.Rank != x.Rank || n.Dims.Any(d => d is not >= 0))
            throw new ArgumentException($"K.tile: n={n} must hold one multiple >= 0 for each axis of x (shape {x}).", nameof(n));
        return n.ToLongArray();
    }

    /// <summary>
    /// <c>K.one_hot(indices, num_classes)</c>: float32, one more axis of size <paramref name="num_classes"/>; an index
    /// outside [0, num_classes) gives a row of zeros, as TensorFlow's <c>one_hot</c>.
    /// </summary>
    public static Tensor OneHot(Tensor indices, int num_classes)
    {
        CheckInteger("one_hot", indices, nameof(indices));
        CheckClasses(num_classes);
        return indices.unsqueeze(-1).eq(arange(num_classes, device: indices.device)).to_type(float32);
    }

    public static KerasTensor OneHot(KerasTensor indices, int num_classes)
    {
        CheckInteger("one_hot", indices, nameof(indices));
        CheckClasses(num_classes);
        return Record("one_hot", indices, new() { ["num_classes"] = num_classes });
    }

    private static void CheckClasses(int num_classes)
    {
        if (num_classes < 1) throw new ArgumentException($"K.one_hot: num_classes={num_classes} must be at least 1.", nameof(num_classes));
    }

    /// <summary><c>K.gather(reference, indices)</c>: the slices of <paramref name="reference"/>'s first axis that <paramref name="indices"/> name.</summary>
    public static Tensor Gather(Tensor reference, Tensor indices)
    {
        CheckRank("gather", ShapeOf(reference), 1, nameof(reference));
        CheckInteger("gather", indices, nameof(indices));
        CheckIndices("gather", indices, reference.shape[0], nameof(indices), $"the first axis of reference (shape {ShapeOf(reference)})");
        var rows = reference.index_select(0, indices.flatten().to_type(int64));
        return rows.reshape(indices.shape.Concat(reference.shape.Skip(1)).ToArray());
    }

    public static KerasTensor Gather(KerasTensor reference, KerasTensor indices)
    {
        CheckRank("gather", reference.Shape, 1, nameof(reference));
        CheckInteger("gather", indices, nameof(indices));
        return Record("gather", [reference, indices]);
    }
}
