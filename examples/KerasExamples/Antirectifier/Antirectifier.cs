using System.Diagnostics;
using System.Linq;
using KerasSharp;
using static TorchSharp.torch;
using K = KerasSharp.Backend.KerasBackend;

namespace KerasExamples.Antirectifier;

/// <summary>
/// This is the combination of a sample-wise L2 normalization with the concatenation of the positive part of the input
/// with the negative part of the input. The result is a tensor of samples that are twice as large as the input
/// samples. It can be used in place of a ReLU. (Keras 2.2.4's examples/antirectifier.py, the custom layer.)
/// </summary>
/// <remarks>
/// Input shape: 2D tensor of shape (samples, n). Output shape: 2D tensor of shape (samples, 2*n).
/// Theoretical justification: when applying ReLU, assuming that the distribution of the previous output is
/// approximately centered around 0., you are discarding half of your input. This is inefficient. Antirectifier allows
/// to return all-positive outputs like ReLU, without discarding any data. Tests on MNIST show that Antirectifier
/// allows to train networks with twice less parameters yet with comparable classification accuracy as an equivalent
/// ReLU-based network.
/// </remarks>
public sealed class Antirectifier : Layer
{
    public Antirectifier(string? name = null) : base(name) { }

    public override Shape ComputeOutputShape(Shape input_shape)
    {
        var shape = input_shape.Dims.ToArray();
        Debug.Assert(shape.Length == 2); // only valid for 2D tensors
        shape[^1] *= 2;
        return new Shape(shape);
    }

    protected override Tensor Call(Tensor inputs, bool training)
    {
        inputs -= K.Mean(inputs, axis: 1, keepdims: true);
        inputs = K.L2Normalize(inputs, axis: 1);
        var pos = K.Relu(inputs);
        var neg = K.Relu(-inputs);
        return K.Concatenate([pos, neg], axis: 1);
    }
}
