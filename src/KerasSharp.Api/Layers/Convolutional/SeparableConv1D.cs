using KerasSharp.Activations;
using KerasSharp.Constraints;
using KerasSharp.Initializers;
using KerasSharp.Regularizers;

namespace KerasSharp.Layers;

/// <summary>
/// <c>keras.layers.SeparableConv1D</c>: depthwise_kernel (k, in, depth_multiplier), pointwise_kernel
/// (1, in·depth_multiplier, filters), bias (filters,); data_format defaults to 'channels_last' as in Keras.
/// </summary>
[KerasLayer("SeparableConv1D", Aliases = new[] { "SeparableConvolution1D" })]
public sealed class SeparableConv1D : BaseSeparableConv
{
    public SeparableConv1D(int filters, int kernel_size, int strides = 1, string padding = "valid",
                           string data_format = "channels_last", int dilation_rate = 1, int depth_multiplier = 1,
                           ActivationFunction? activation = null, bool use_bias = true,
                           Initializer? depthwise_initializer = null, Initializer? pointwise_initializer = null,
                           Initializer? bias_initializer = null, Regularizer? depthwise_regularizer = null,
                           Regularizer? pointwise_regularizer = null, Regularizer? bias_regularizer = null,
                           Regularizer? activity_regularizer = null, Constraint? depthwise_constraint = null,
                           Constraint? pointwise_constraint = null, Constraint? bias_constraint = null,
                           Shape? input_shape = null, Shape? batch_input_shape = null, string? name = null,
                           bool trainable = true, string? dtype = null)
        : base(1, filters, new[] { kernel_size }, new[] { strides }, padding, data_format, new[] { dilation_rate },
               depth_multiplier, activation, use_bias, depthwise_initializer, pointwise_initializer, bias_initializer,
               depthwise_regularizer, pointwise_regularizer, bias_regularizer, activity_regularizer,
               depthwise_constraint, pointwise_constraint, bias_constraint, input_shape, batch_input_shape, name,
               trainable, dtype)
    {
    }
}
