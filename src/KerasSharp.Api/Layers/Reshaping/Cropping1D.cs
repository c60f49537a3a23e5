using System;
using static TorchSharp.torch;

namespace KerasSharp.Layers;

/// <summary>
/// <c>keras.layers.Cropping1D(cropping=(1, 1))</c>: trims <c>(start, end)</c> steps off axis 1 of
/// <c>(batch, steps, features)</c>; an int trims the same at both ends.
/// </summary>
[KerasLayer("Cropping1D")]
public sealed class Cropping1D : Layer
{
    public Cropping1D(IntTuple2? cropping = null, Shape? input_shape = null, Shape? batch_input_shape = null,
                      string? name = null, bool trainable = true, string? dtype = null)
        : base(name, trainable, input_shape, batch_input_shape, dtype)
    {
        Cropping = cropping ?? (1, 1);
        if (Cropping.First < 0 || Cropping.Second < 0)
            throw new ArgumentException($"`cropping` should not contain negative values. Received: cropping={Cropping}", nameof(cropping));
        InputSpec = new InputSpec { Ndim = 3 };
    }

    public IntTuple2 Cropping { get; }

    protected override Tensor Call(Tensor inputs, bool training)
    {
        ComputeOutputShape(inputs.shape);
        return inputs.narrow(1, Cropping.First, inputs.shape[1] - Cropping.First - Cropping.Second);
    }

    public override Shape ComputeOutputShape(Shape input_shape)
    {
        if (input_shape[1] is not int steps) return input_shape;
        var left = steps - Cropping.First - Cropping.Second;
        if (left <= 0)
            throw new KerasException($"Layer {Name}: cropping={Cropping} is too high for the input of shape {input_shape}: {left} steps would be left.");
        return input_shape.Replace(1, left);
    }
}
