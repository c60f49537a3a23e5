using KerasSharp.Activations;
using static TorchSharp.torch;

namespace KerasSharp.Layers;

/// <summary><c>keras.layers.Softmax(axis=-1)</c>.</summary>
[KerasLayer("Softmax")]
public sealed class Softmax : Layer
{
    public Softmax(int axis = -1, Shape? input_shape = null, Shape? batch_input_shape = null, string? name = null,
                   bool trainable = true, string? dtype = null)
        : base(name, trainable, input_shape, batch_input_shape, dtype)
    {
        Axis = axis;
        SupportsMasking = true;
    }

    public int Axis { get; }

    protected override Tensor Call(Tensor inputs, bool training) => ActivationFunction.Softmax(inputs, Axis);
}
