using KerasSharp.Activations;
using KerasSharp.Constraints;
using KerasSharp.Initializers;
using KerasSharp.Regularizers;

namespace KerasSharp.Layers;

/// <summary>
/// <c>keras.layers.SeparableConv2D</c>: depthwise_kernel (kh, kw, in, depth_multiplier), pointwise_kernel
/// (1, 1, in·depth_multiplier, filters), bias (filters,).
/// </summary>
[KerasLayer("SeparableConv2D", Aliases = new[] { "SeparableConvolution2D" })]
public sealed class SeparableConv2D : BaseSeparableConv
{
    public SeparableConv2D(int filters, IntTuple2 kernel_size, IntTuple2? strides = null, string padding = "valid",
                           string? data_format = null, IntTuple2? dilation_rate = null, int depth_multiplier = 1,
                           ActivationFunction? activation = null, bool use_bias = true,
                           Initializer? depthwise_initializer = null, Initializer? pointwise_initializer = null,
                           Initializer? bias_initializer = null, Regularizer? depthwise_regularizer = null,
                           Regularizer? pointwise_regularizer = null, Regularizer? bias_regularizer = null,
                           Regularizer? activity_regularizer = null, Constraint? depthwise_constraint = null,
                           Constraint? pointwise_constraint = null, Constraint? bias_constraint = null,
                           Shape? input_shape = null, Shape? batch_input_shape = null, string? name = null,
                           bool trainable = true, string? dtype = null)
        : base(2, filters, kernel_size.ToArray(), (strides ?? 1).ToArray(), padding, data_format,
               (dilation_rate ?? 1).ToArray(), depth_multiplier, activation, use_bias, depthwise_initializer,
               pointwise_initializer, bias_initializer, depthwise_regularizer, pointwise_regularizer, bias_regularizer,
               activity_regularizer, depthwise_constraint, pointwise_constraint, bias_constraint, input_shape,
               batch_input_shape, name, trainable, dtype)
    {
    }
}
