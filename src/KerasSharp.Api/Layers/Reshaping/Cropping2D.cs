using System;
using KerasSharp.Backend;
using static TorchSharp.torch;

namespace KerasSharp.Layers;

/// <summary>
/// <c>keras.layers.Cropping2D(cropping=((0, 0), (0, 0)), data_format=None)</c>: trims rows and columns off an image.
/// <c>cropping</c> is an int (all sides), <c>(rows, cols)</c> (symmetric) or <c>((top, bottom), (left, right))</c>,
/// the forms <see cref="Padding2D"/> converts from.
/// </summary>
[KerasLayer("Cropping2D")]
public sealed class Cropping2D : Layer
{
    public Cropping2D(Padding2D? cropping = null, string? data_format = null, Shape? input_shape = null,
                      Shape? batch_input_shape = null, string? name = null, bool trainable = true, string? dtype = null)
        : base(name, trainable, input_shape, batch_input_shape, dtype)
    {
        Cropping = cropping ?? 0;
        if (Cropping.Top < 0 || Cropping.Bottom < 0 || Cropping.Left < 0 || Cropping.Right < 0)
            throw new ArgumentException($"`cropping` should not contain negative values. Received: cropping={Cropping}", nameof(cropping));
        DataFormat = ArgumentValidation.DataFormat(data_format);
        InputSpec = new InputSpec { Ndim = 4 };
    }

    public Padding2D Cropping { get; }
    public string DataFormat { get; }

    private (int Rows, int Cols) Axes => DataFormat == Nn.ChannelsLast ? (1, 2) : (2, 3);

    protected override Tensor Call(Tensor inputs, bool training)
    {
        var output = ComputeOutputShape(inputs.shape);
        var (rows, cols) = Axes;
        return inputs.narrow(rows, Cropping.Top, output[rows]!.Value).narrow(cols, Cropping.Left, output[cols]!.Value);
    }

    public override Shape ComputeOutputShape(Shape input_shape)
    {
        var (rows, cols) = Axes;
        return input_shape.Replace(rows, Cropped(input_shape, rows, Cropping.Top + Cropping.Bottom))
                          .Replace(cols, Cropped(input_shape, cols, Cropping.Left + Cropping.Right));
    }

    private int? Cropped(Shape input_shape, int axis, int total)
    {
        if (input_shape[axis] is not int size) return null;
        if (size - total <= 0)
            throw new KerasException($"Layer {Name}: cropping={Cropping} is too high for the input of shape {input_shape}: {size - total} would be left on axis {axis}.");
        return size - total;
    }
}
