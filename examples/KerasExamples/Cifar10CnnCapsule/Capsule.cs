using System;
using KerasSharp;
using KerasSharp.Activations;
using static TorchSharp.torch;
using K = KerasSharp.Backend.KerasBackend;

namespace KerasExamples.Cifar10CnnCapsule;

/// <summary>
/// A Capsule Implement with Pure Keras. There are two vesions of Capsule. One is like dense layer (for the
/// fixed-shape input), and the other is like timedistributed dense (for various length input). The input shape of
/// Capsule must be (batch_size, input_num_capsule, input_dim_capsule) and the output shape is (batch_size,
/// num_capsule, dim_capsule). Capsule Implement is from https://github.com/bojone/Capsule/; Capsule Paper:
/// https://arxiv.org/abs/1710.09829. (Keras 2.2.4's examples/cifar10_cnn_capsule.py, the custom layer.)
/// </summary>
public sealed class Capsule : Layer
{
    private readonly int num_capsule;
    private readonly int dim_capsule;
    private readonly int routings;
    private readonly bool share_weights;
    private readonly Func<Tensor, Tensor> activation;
    private KerasVariable kernel = null!;

    public Capsule(int num_capsule,
                   int dim_capsule,
                   int routings = 3,
                   bool share_weights = true,
                   string activation = "squash",
                   string? name = null)
        : base(name)
    {
        this.num_capsule = num_capsule;
        this.dim_capsule = dim_capsule;
        this.routings = routings;
        this.share_weights = share_weights;
        if (activation == "squash")
            this.activation = x => Cifar10CnnCapsuleScript.squash(x);
        else
            this.activation = ActivationFunction.Get(activation).Call;
    }

    protected override void Build(Shape input_shape)
    {
        var input_dim_capsule = input_shape[-1]!.Value;
        if (share_weights)
        {
            kernel = AddWeight(
                name: "capsule_kernel",
                shape: [1, input_dim_capsule,
                        num_capsule * dim_capsule],
                initializer: "glorot_uniform",
                trainable: true);
        }
        else
        {
            var input_num_capsule = input_shape[-2]!.Value;
            kernel = AddWeight(
                name: "capsule_kernel",
                shape: [input_num_capsule, input_dim_capsule,
                        num_capsule * dim_capsule],
                initializer: "glorot_uniform",
                trainable: true);
        }
    }

    /// <summary>
    /// Following the routing algorithm from Hinton's paper, but replace b = b + &lt;u,v&gt; with b = &lt;u,v&gt;. This
    /// change can improve the feature representation of Capsule. However, you can replace
    /// <c>b = K.BatchDot(outputs, hat_inputs, (2, 3))</c> with <c>b += K.BatchDot(outputs, hat_inputs, (2, 3))</c>
    /// to realize a standard routing.
    /// </summary>
    protected override Tensor Call(Tensor inputs, bool training)
    {
        Tensor hat_inputs;
        if (share_weights)
            hat_inputs = K.Conv1d(inputs, kernel);
        else
            hat_inputs = K.LocalConv1d(inputs, kernel, 1, 1);

        var batch_size = (int)K.Shape(inputs)[0].item<long>();
        var input_num_capsule = (int)K.Shape(inputs)[1].item<long>();
        hat_inputs = K.Reshape(hat_inputs,
                               (batch_size, input_num_capsule,
                                num_capsule, dim_capsule));
        hat_inputs = K.PermuteDimensions(hat_inputs, (0, 2, 1, 3));

        var b = K.ZerosLike(hat_inputs[.., .., .., 0]);
        Tensor? o = null;
        for (int i = 0; i < routings; i++)
        {
            var c = Cifar10CnnCapsuleScript.softmax(b, 1);
            if (K.Backend() == "theano")
                o = K.Sum(o!, axis: 1);
            o = activation(K.BatchDot(c, hat_inputs, (2, 2)));
            if (i < routings - 1)
            {
                b = K.BatchDot(o, hat_inputs, (2, 3));
                if (K.Backend() == "theano")
                    o = K.Sum(o, axis: 1);
            }
        }

        return o!;
    }

    public override Shape ComputeOutputShape(Shape input_shape) => new(null, num_capsule, dim_capsule);
}
