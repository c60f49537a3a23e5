using KerasSharp.Activations;
using KerasSharp.Constraints;
using KerasSharp.Initializers;
using KerasSharp.Regularizers;

namespace KerasSharp.Layers;

/// <summary>
/// <c>keras.layers.DepthwiseConv2D</c> (MobileNet's): each input channel convolved with <c>depth_multiplier</c>
/// filters of its own; depthwise_kernel (kh, kw, in, depth_multiplier), bias (in·depth_multiplier,). Keras 2.2.4 writes
/// <c>dilation_rate</c> in its config (inherited from Conv2D) and applies it; tf.keras 2 declares it.
/// </summary>
[KerasLayer("DepthwiseConv2D")]
public sealed class DepthwiseConv2D : BaseDepthwiseConv
{
    public DepthwiseConv2D(IntTuple2 kernel_size, IntTuple2? strides = null, string padding = "valid",
                           int depth_multiplier = 1, string? data_format = null, IntTuple2? dilation_rate = null,
                           ActivationFunction? activation = null, bool use_bias = true,
                           Initializer? depthwise_initializer = null, Initializer? bias_initializer = null,
                           Regularizer? depthwise_regularizer = null, Regularizer? bias_regularizer = null,
                           Regularizer? activity_regularizer = null, Constraint? depthwise_constraint = null,
                           Constraint? bias_constraint = null, Shape? input_shape = null,
                           Shape? batch_input_shape = null, string? name = null, bool trainable = true,
                           string? dtype = null)
        : base(2, kernel_size.ToArray(), (strides ?? 1).ToArray(), padding, data_format, (dilation_rate ?? 1).ToArray(),
               depth_multiplier, activation, use_bias, depthwise_initializer, bias_initializer, depthwise_regularizer,
               bias_regularizer, activity_regularizer, depthwise_constraint, bias_constraint, input_shape,
               batch_input_shape, name, trainable, dtype)
    {
    }
}
