using KerasSharp.Activations;
using KerasSharp.Constraints;
using KerasSharp.Initializers;
using KerasSharp.Regularizers;

namespace KerasSharp.Layers;

/// <summary>
/// <c>keras.layers.Conv3D</c>: padding 'valid' or 'same' (TensorFlow's), any data_format; input
/// (batch, d1, d2, d3, channels) or channels first; kernel (k1, k2, k3, in, filters).
/// </summary>
[KerasLayer("Conv3D", Aliases = new[] { "Convolution3D" })]
public sealed class Conv3D : BaseConv
{
    public Conv3D(int filters, IntTuple3 kernel_size, IntTuple3? strides = null, string padding = "valid",
                  string? data_format = null, IntTuple3? dilation_rate = null, ActivationFunction? activation = null,
                  bool use_bias = true, Initializer? kernel_initializer = null, Initializer? bias_initializer = null,
                  Regularizer? kernel_regularizer = null, Regularizer? bias_regularizer = null,
                  Regularizer? activity_regularizer = null, Constraint? kernel_constraint = null,
                  Constraint? bias_constraint = null, Shape? input_shape = null, Shape? batch_input_shape = null,
                  string? name = null, bool trainable = true, string? dtype = null)
        : base(3, filters, kernel_size.ToArray(), (strides ?? 1).ToArray(), padding, data_format,
               (dilation_rate ?? 1).ToArray(), activation, use_bias, kernel_initializer, bias_initializer,
               kernel_regularizer, bias_regularizer, activity_regularizer, kernel_constraint, bias_constraint,
               input_shape, batch_input_shape, name, trainable, dtype, "valid", "same")
    {
    }
}
