using KerasSharp.Activations;
using static TorchSharp.torch;

namespace KerasSharp.Layers;

/// <summary><c>keras.layers.Activation(activation)</c>.</summary>
[KerasLayer("Activation")]
public sealed class Activation : Layer
{
    public Activation(ActivationFunction activation, Shape? input_shape = null, Shape? batch_input_shape = null,
                      string? name = null, bool trainable = true, string? dtype = null)
        : base(name, trainable, input_shape, batch_input_shape, dtype)
    {
        SupportsMasking = true;
        ActivationFunction = activation;
    }

    /// <summary>The function (<c>activation</c> in the config; named so because the class is <c>Activation</c>).</summary>
    [KerasName("activation")]
    public ActivationFunction ActivationFunction { get; }

    protected override Tensor Call(Tensor inputs, bool training) => ActivationFunction.Call(inputs);

    internal override Tensor? CallInPlace(Tensor[] inputs) => ActivationFunction.CallInPlace(inputs[0]);

    internal override bool FreshOutputs => ActivationFunction.HasInPlace;
}
