using System.Linq;
using static TorchSharp.torch;

namespace KerasSharp.Layers;

/// <summary>
/// <c>keras.layers.TimeDistributed(layer)</c>: applies the layer to every temporal slice of a (batch, time, ...) input.
/// The time axis is folded into the batch axis for one call of the layer (Keras 2's path for an unknown batch size;
/// docs/differences.md says where a fixed batch size would differ).
/// </summary>
[KerasLayer("TimeDistributed")]
public sealed class TimeDistributed : Wrapper
{
    public TimeDistributed(Layer layer, Shape? input_shape = null, Shape? batch_input_shape = null,
                           string? name = null, bool trainable = true, string? dtype = null)
        : base(layer, name, trainable, input_shape, batch_input_shape, dtype)
    {
        InputSpec = new InputSpec { MinNdim = 3 };
        // Keras 2.2.4's TimeDistributed passes a mask on unchanged.
        SupportsMasking = true;
    }

    protected override void Build(Shape input_shape) => BuildWrapped(Layer, Step(input_shape), Name);

    protected override Tensor Call(Tensor inputs, bool training)
    {
        var (batch, steps) = (inputs.shape[0], inputs.shape[1]);
        var folded = inputs.reshape(new[] { batch * steps }.Concat(inputs.shape.Skip(2)).ToArray());
        var y = Layer.Apply(folded, training);
        return y.reshape(new[] { batch, steps }.Concat(y.shape.Skip(1)).ToArray());
    }

    public override Shape ComputeOutputShape(Shape input_shape)
    {
        var step = Layer.ComputeOutputShape(Step(input_shape));
        return new Shape(new[] { input_shape[0], input_shape[1] }.Concat(step.Dims.Skip(1)).ToArray());
    }

    /// <summary>The shape of one time slice: the batch axis, then the axes after time.</summary>
    private static Shape Step(Shape input_shape) => new(new int?[] { null }.Concat(input_shape.Dims.Skip(2)).ToArray());
}
