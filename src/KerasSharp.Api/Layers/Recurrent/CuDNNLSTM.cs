using KerasSharp.Constraints;
using KerasSharp.Initializers;
using KerasSharp.Regularizers;

namespace KerasSharp.Layers;

/// <summary>
/// <c>keras.layers.CuDNNLSTM(units)</c>, so that files naming it load: the <see cref="LSTM"/> that cuDNN computes (tanh,
/// sigmoid gates, no dropout, no masks) on any device. Weights stay in LSTM layout; a file's cuDNN layout (bias of
/// 8·units, transposed kernel blocks) is converted on loading as Keras's <c>preprocess_weights_for_loading</c> does.
/// </summary>
[KerasLayer("CuDNNLSTM")]
public sealed class CuDNNLSTM : LSTM
{
    public CuDNNLSTM(int units, Initializer? kernel_initializer = null, Initializer? recurrent_initializer = null,
                     Initializer? bias_initializer = null, bool unit_forget_bias = true,
                     Regularizer? kernel_regularizer = null, Regularizer? recurrent_regularizer = null,
                     Regularizer? bias_regularizer = null, Regularizer? activity_regularizer = null,
                     Constraint? kernel_constraint = null, Constraint? recurrent_constraint = null,
                     Constraint? bias_constraint = null, bool return_sequences = false, bool return_state = false,
                     bool go_backwards = false, bool stateful = false, Shape? input_shape = null,
                     Shape? batch_input_shape = null, string? name = null, bool trainable = true, string? dtype = null)
        : base(units, "tanh", "sigmoid", true, kernel_initializer, recurrent_initializer, bias_initializer,
               unit_forget_bias, kernel_regularizer, recurrent_regularizer, bias_regularizer, activity_regularizer,
               kernel_constraint, recurrent_constraint, bias_constraint, 0.0, 0.0, 1, return_sequences, return_state,
               go_backwards, stateful, false, input_shape, batch_input_shape, name, trainable, dtype)
    {
        SupportsMasking = false;
    }
}
