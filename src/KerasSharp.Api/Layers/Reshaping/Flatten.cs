using System.Linq;
using KerasSharp.Backend;
using static TorchSharp.torch;

namespace KerasSharp.Layers;

/// <summary>
/// <c>keras.layers.Flatten(data_format=None)</c>: a row-major reshape of the tensor as stored, so (H, W, C) order after
/// channels_last layers. With its own data_format 'channels_first' it first moves the channels last, as Keras 2.1.6+.
/// </summary>
[KerasLayer("Flatten")]
public sealed class Flatten : Layer
{
    public Flatten(string? data_format = null, Shape? input_shape = null, Shape? batch_input_shape = null,
                   string? name = null, bool trainable = true, string? dtype = null)
        : base(name, trainable, input_shape, batch_input_shape, dtype)
    {
        DataFormat = ArgumentValidation.DataFormat(data_format);
        InputSpec = new InputSpec { MinNdim = 2 };
    }

    public string DataFormat { get; }

    protected override Tensor Call(Tensor inputs, bool training)
    {
        var x = DataFormat != Nn.ChannelsLast && inputs.dim() > 2 ? Nn.ToChannelsLast(inputs) : inputs;
        return x.reshape(x.shape[0], -1);
    }

    public override Shape ComputeOutputShape(Shape input_shape)
    {
        if (!input_shape.IsFullyDefined(1))
            throw new KerasException($"The shape of the input to \"Flatten\" is not fully defined (got {input_shape.WithoutBatch()}). Make sure to pass a complete \"input_shape\" or \"batch_input_shape\" argument to the first layer in your model.");
        return new Shape(input_shape[0], (int)input_shape.Product(1));
    }
}
