using System.Collections.Generic;

namespace KerasSharp;

/// <summary>What a layer accepts (<c>keras.engine.InputSpec</c>): a rank, a minimum rank, fixed sizes of some axes.</summary>
public sealed class InputSpec
{
    public int? Ndim { get; init; }
    public int? MinNdim { get; init; }

    /// <summary>Axis → required size, e.g. the channel axis of a built Conv2D.</summary>
    public IReadOnlyDictionary<int, int>? Axes { get; init; }

    /// <summary>Keras's <c>assert_input_compatibility</c>, with its messages.</summary>
    internal void Check(Layer layer, Shape shape)
    {
        if (Ndim is int ndim && shape.Rank != ndim)
            throw new KerasException($"Input 0 is incompatible with layer {layer.Name}: expected ndim={ndim}, found ndim={shape.Rank}. Full shape received: {shape}");
        if (MinNdim is int min && shape.Rank < min)
            throw new KerasException($"Input 0 is incompatible with layer {layer.Name}: expected min_ndim={min}, found ndim={shape.Rank}. Full shape received: {shape}");
        if (Axes is null) return;
        foreach (var (axis, size) in Axes)
        {
            var actual = shape[axis];
            if (actual is not null && actual != size)
                throw new KerasException($"Input 0 is incompatible with layer {layer.Name}: expected axis {axis} of input shape to have value {size} but got shape {shape}");
        }
    }
}
