using KerasSharp.Constraints;
using KerasSharp.Initializers;
using KerasSharp.Regularizers;
using static TorchSharp.torch;

namespace KerasSharp.Layers;

/// <summary>
/// <c>keras.layers.SimpleRNN(units)</c>: <c>h_t = activation(x_t·kernel + bias + h_{t−1}·recurrent_kernel)</c>, the
/// output being h. Keras 2.2.4's arguments and defaults; see <see cref="RNN"/> for what all recurrent layers share.
/// </summary>
[KerasLayer("SimpleRNN")]
public sealed class SimpleRNN : RNN
{
    public SimpleRNN(int units, string? activation = "tanh", bool use_bias = true,
                     Initializer? kernel_initializer = null, Initializer? recurrent_initializer = null,
                     Initializer? bias_initializer = null, Regularizer? kernel_regularizer = null,
                     Regularizer? recurrent_regularizer = null, Regularizer? bias_regularizer = null,
                     Regularizer? activity_regularizer = null, Constraint? kernel_constraint = null,
                     Constraint? recurrent_constraint = null, Constraint? bias_constraint = null,
                     double dropout = 0.0, double recurrent_dropout = 0.0, bool return_sequences = false,
                     bool return_state = false, bool go_backwards = false, bool stateful = false, bool unroll = false,
                     Shape? input_shape = null, Shape? batch_input_shape = null, string? name = null,
                     bool trainable = true, string? dtype = null)
        : base(units, activation, use_bias, kernel_initializer, recurrent_initializer, bias_initializer,
               kernel_regularizer, recurrent_regularizer, bias_regularizer, activity_regularizer, kernel_constraint,
               recurrent_constraint, bias_constraint, dropout, recurrent_dropout, return_sequences, return_state,
               go_backwards, stateful, unroll, input_shape, batch_input_shape, name, trainable, dtype)
    {
    }

    private protected override bool Fusable => Activation.Name == "tanh";
    private protected override int Gates => 1;

    private protected override Tensor[] Step(Tensor projected, Tensor[] states, Tensor[]? recurrentMasks) =>
        new[] { Activation.Call(projected + Dropped(states[0], recurrentMasks, 0).matmul(RecurrentKernel.Value)) };
}
