using KerasSharp.Activations;
using KerasSharp.Constraints;
using KerasSharp.Initializers;
using KerasSharp.Regularizers;

namespace KerasSharp.Layers;

/// <summary>
/// <c>keras.layers.Conv1D</c>: padding 'valid', 'same' (TensorFlow's) or 'causal' (left padding of
/// dilation_rate·(kernel_size − 1), so output t sees inputs up to t); kernel (kernel_size, in, filters).
/// </summary>
[KerasLayer("Conv1D", Aliases = new[] { "Convolution1D" })]
public sealed class Conv1D : BaseConv
{
    public Conv1D(int filters, int kernel_size, int strides = 1, string padding = "valid", string? data_format = null,
                  int dilation_rate = 1, ActivationFunction? activation = null, bool use_bias = true,
                  Initializer? kernel_initializer = null, Initializer? bias_initializer = null,
                  Regularizer? kernel_regularizer = null, Regularizer? bias_regularizer = null,
                  Regularizer? activity_regularizer = null, Constraint? kernel_constraint = null,
                  Constraint? bias_constraint = null, Shape? input_shape = null, Shape? batch_input_shape = null,
                  string? name = null, bool trainable = true, string? dtype = null)
        : base(1, filters, new[] { kernel_size }, new[] { strides }, padding, data_format, new[] { dilation_rate },
               activation, use_bias, kernel_initializer, bias_initializer, kernel_regularizer, bias_regularizer,
               activity_regularizer, kernel_constraint, bias_constraint, input_shape, batch_input_shape, name,
               trainable, dtype, "valid", "same", "causal")
    {
    }
}
