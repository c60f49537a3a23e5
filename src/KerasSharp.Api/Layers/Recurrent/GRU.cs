using KerasSharp.Activations;
using KerasSharp.Constraints;
using KerasSharp.Initializers;
using KerasSharp.Regularizers;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasSharp.Layers;

/// <summary>
/// <c>keras.layers.GRU(units)</c>, Keras 2.2.4's: gates z, r, h in the kernels' column blocks (kernel (input, 3·units),
/// recurrent_kernel (units, 3·units)); <c>h_t = z·h_{t−1} + (1 − z)·activation(x·W_h + b_h + r_h)</c>. With
/// <c>reset_after=False</c> (standalone Keras 2's default) <c>r_h = (r·h_{t−1})·U_h</c> and the bias is (3·units); with
/// <c>reset_after=True</c> (tf.keras 2's default, CuDNN's form) <c>r_h = r·(h_{t−1}·U_h + b'_h)</c> and the bias is
/// (2, 3·units): input biases, then recurrent biases. See <see cref="RNN"/> for what all recurrent layers share.
/// </summary>
[KerasLayer("GRU")]
public class GRU : RNN
{
    public GRU(int units, string? activation = "tanh", string? recurrent_activation = "hard_sigmoid",
               bool use_bias = true, Initializer? kernel_initializer = null, Initializer? recurrent_initializer = null,
               Initializer? bias_initializer = null, Regularizer? kernel_regularizer = null,
               Regularizer? recurrent_regularizer = null, Regularizer? bias_regularizer = null,
               Regularizer? activity_regularizer = null, Constraint? kernel_constraint = null,
               Constraint? recurrent_constraint = null, Constraint? bias_constraint = null, double dropout = 0.0,
               double recurrent_dropout = 0.0, int implementation = 1, bool return_sequences = false,
               bool return_state = false, bool go_backwards = false, bool stateful = false, bool unroll = false,
               bool reset_after = false, Shape? input_shape = null, Shape? batch_input_shape = null,
               string? name = null, bool trainable = true, string? dtype = null)
        : base(units, activation, use_bias, kernel_initializer, recurrent_initializer, bias_initializer,
               kernel_regularizer, recurrent_regularizer, bias_regularizer, activity_regularizer, kernel_constraint,
               recurrent_constraint, bias_constraint, dropout, recurrent_dropout, return_sequences, return_state,
               go_backwards, stateful, unroll, input_shape, batch_input_shape, name, trainable, dtype)
    {
        RecurrentActivation = ActivationFunction.Get(recurrent_activation);
        Implementation = RecurrentImplementation.Check(implementation);
        ResetAfter = reset_after;
    }

    public ActivationFunction RecurrentActivation { get; }

    /// <summary>1: a dropout mask per gate; 2: one mask for all gates (Keras's implementation modes; the math is the same).</summary>
    public int Implementation { get; }

    public bool ResetAfter { get; }

    private protected override bool Fusable => ResetAfter && Activation.Name == "tanh" && RecurrentActivation.Name == "sigmoid";
    private protected override int Gates => 3;
    private protected override int MaskIndex(int gate) => Implementation == 1 ? gate : 0;
    private protected override long[] BiasShape => ResetAfter ? new long[] { 2, 3 * Units } : new long[] { 3 * Units };
    private protected override Tensor? InputBias => ResetAfter ? Bias?.Value[0] : Bias?.Value;
    private Tensor? RecurrentBias => ResetAfter ? Bias?.Value[1] : null;

    private protected override Tensor[] Step(Tensor projected, Tensor[] states, Tensor[]? recurrentMasks)
    {
        var h = states[0];
        var x = projected.chunk(3, 1);
        var recurrentZ = Dropped(h, recurrentMasks, 0).matmul(RecurrentBlock(0));
        var recurrentR = Dropped(h, recurrentMasks, 1).matmul(RecurrentBlock(1));
        var hh = Dropped(h, recurrentMasks, 2);
        var recurrentBias = RecurrentBias?.chunk(3);
        if (recurrentBias is not null)
        {
            recurrentZ = recurrentZ + recurrentBias[0];
            recurrentR = recurrentR + recurrentBias[1];
        }
        var z = RecurrentActivation.Call(x[0] + recurrentZ);
        var r = RecurrentActivation.Call(x[1] + recurrentR);
        Tensor recurrentH;
        if (ResetAfter)
        {
            recurrentH = hh.matmul(RecurrentBlock(2));
            if (recurrentBias is not null) recurrentH = recurrentH + recurrentBias[2];
            recurrentH = r * recurrentH;
        }
        else
        {
            recurrentH = (r * hh).matmul(RecurrentBlock(2));
        }
        var candidate = Activation.Call(x[2] + recurrentH);
        return new[] { z * h + (1 - z) * candidate };
    }
}
