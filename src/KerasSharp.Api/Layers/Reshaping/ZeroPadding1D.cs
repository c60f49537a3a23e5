using System;
using static TorchSharp.torch;

namespace KerasSharp.Layers;

/// <summary>
/// <c>keras.layers.ZeroPadding1D(padding=1)</c>: adds <c>(left, right)</c> zero steps on axis 1 of
/// <c>(batch, steps, features)</c>; an int pads both ends alike.
/// </summary>
[KerasLayer("ZeroPadding1D")]
public sealed class ZeroPadding1D : Layer
{
    public ZeroPadding1D(IntTuple2? padding = null, Shape? input_shape = null, Shape? batch_input_shape = null,
                         string? name = null, bool trainable = true, string? dtype = null)
        : base(name, trainable, input_shape, batch_input_shape, dtype)
    {
        Padding = padding ?? 1;
        if (Padding.First < 0 || Padding.Second < 0)
            throw new ArgumentException($"`padding` should not contain negative values. Received: padding={Padding}", nameof(padding));
        InputSpec = new InputSpec { Ndim = 3 };
    }

    public IntTuple2 Padding { get; }

    // torch's pad lists the last axis first: features (none), then steps.
    protected override Tensor Call(Tensor inputs, bool training) =>
        nn.functional.pad(inputs, new long[] { 0, 0, Padding.First, Padding.Second });

    public override Shape ComputeOutputShape(Shape input_shape) =>
        input_shape.Replace(1, input_shape[1] + Padding.First + Padding.Second);
}
