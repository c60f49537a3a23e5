using KerasSharp.Backend;
using static TorchSharp.torch;

namespace KerasSharp.Layers;

/// <summary>
/// <c>keras.layers.UpSampling2D(size=(2, 2), data_format=None, interpolation='nearest')</c>: rows repeated
/// size[0] times and columns size[1] times ('nearest'), or bilinear resizing with half-pixel centres as tf.keras 2
/// does it ('bilinear'; see docs/differences.md for Keras 2.2.4 on TensorFlow 1).
/// </summary>
[KerasLayer("UpSampling2D")]
public sealed class UpSampling2D : Layer
{
    public UpSampling2D(IntTuple2? size = null, string? data_format = null, string interpolation = "nearest",
                        Shape? input_shape = null, Shape? batch_input_shape = null, string? name = null,
                        bool trainable = true, string? dtype = null)
        : base(name, trainable, input_shape, batch_input_shape, dtype)
    {
        Size = ArgumentValidation.Positive(nameof(size), size ?? 2);
        DataFormat = ArgumentValidation.DataFormat(data_format);
        Interpolation = ArgumentValidation.OneOf(nameof(interpolation), interpolation, "nearest", "bilinear");
        InputSpec = new InputSpec { Ndim = 4 };
    }

    public IntTuple2 Size { get; }
    public string DataFormat { get; }
    public string Interpolation { get; }

    private (int Rows, int Cols) Axes => DataFormat == Nn.ChannelsLast ? (1, 2) : (2, 3);

    protected override Tensor Call(Tensor inputs, bool training)
    {
        var (rows, cols) = Axes;
        if (Interpolation == "nearest")
            return inputs.repeat_interleave(Size.First, rows).repeat_interleave(Size.Second, cols);
        return Nn.ResizeBilinear(inputs, inputs.shape[rows] * Size.First, inputs.shape[cols] * Size.Second, DataFormat);
    }

    public override Shape ComputeOutputShape(Shape input_shape)
    {
        var (rows, cols) = Axes;
        return input_shape.Replace(rows, input_shape[rows] * Size.First).Replace(cols, input_shape[cols] * Size.Second);
    }
}
