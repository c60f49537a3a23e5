using System;
using System.Collections.Generic;
using System.Linq;
using KerasSharp.Backend;
using static TorchSharp.torch;

namespace KerasSharp.Layers;

/// <summary>
/// <c>keras.layers.Dot(axes, normalize=False)</c>: the dot product of two inputs along <c>axes</c> (one axis for both,
/// or one each), batch by batch as <c>K.batch_dot</c>; with <c>normalize</c>, each input is L2-normalised along its axis
/// first (cosine similarity). A result with only the batch axis left becomes (batch, 1). Function form:
/// <c>dot([a, b], axes: 1)</c>.
/// </summary>
[KerasLayer("Dot")]
public sealed class Dot : Layer
{
    public Dot(IntTuple2 axes, bool normalize = false, string? name = null, bool trainable = true, string? dtype = null)
        : base(name, trainable, null, null, dtype)
    {
        Axes = axes;
        Normalize = normalize;
    }

    public IntTuple2 Axes { get; }
    public bool Normalize { get; }

    protected override void Build(IReadOnlyList<Shape> input_shapes) => ComputeOutputShapes(input_shapes);

    protected override void Build(Shape input_shape) => throw NotTwo(1);

    public override Shape ComputeOutputShape(Shape input_shape) => throw NotTwo(1);

    private (int, int) Resolved(int rank1, int rank2) =>
        (Axes.First < 0 ? Axes.First + rank1 : Axes.First, Axes.Second < 0 ? Axes.Second + rank2 : Axes.Second);

    protected override Tensor[] Call(Tensor[] inputs, bool training)
    {
        var (x1, x2) = (inputs[0], inputs[1]);
        var (a1, a2) = Resolved((int)x1.dim(), (int)x2.dim());
        if (Normalize)
        {
            x1 = KerasBackend.L2Normalize(x1, a1);
            x2 = KerasBackend.L2Normalize(x2, a2);
        }
        return new[] { KerasBackend.BatchDot(x1, x2, (a1, a2)) };
    }

    public override IReadOnlyList<Shape> ComputeOutputShapes(IReadOnlyList<Shape> input_shapes)
    {
        if (input_shapes.Count != 2) throw NotTwo(input_shapes.Count);
        var (s1, s2) = (input_shapes[0], input_shapes[1]);
        var (a1, a2) = Resolved(s1.Rank, s2.Rank);
        if (a1 <= 0 || a1 >= s1.Rank || a2 <= 0 || a2 >= s2.Rank)
            throw new KerasException($"Dot axes={Axes} do not fit the input shapes {s1}, {s2} (layer {Name}): the batch axis 0 cannot be a dot axis.");
        if (s1[a1] != s2[a2])
            throw new KerasException($"Dimension incompatibility {Dim(s1[a1])} != {Dim(s2[a2])}. Layer shapes: {s1}, {s2} (layer {Name})");
        var dims = s1.Dims.Where((_, i) => i != a1).Concat(s2.Dims.Where((_, i) => i != a2).Skip(1)).ToList();
        if (dims.Count == 1) dims.Add(1);
        return new[] { new Shape(dims.ToArray()) };
    }

    private static string Dim(int? d) => d?.ToString() ?? "None";

    private KerasException NotTwo(int received) => new($"A `Dot` layer should be called on a list of 2 inputs. Got {received} inputs (layer {Name}).");
}
