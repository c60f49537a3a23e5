using System;
using System.Linq;
using KerasSharp.Activations;
using KerasSharp.Backend;
using KerasSharp.Constraints;
using KerasSharp.Initializers;
using KerasSharp.Regularizers;
using static TorchSharp.torch;

namespace KerasSharp.Layers;

/// <summary>
/// <c>keras.layers.Conv2DTranspose</c> (Keras 2.2.4, with <c>output_padding</c>): the transpose of a Conv2D, as
/// TensorFlow's <c>conv2d_transpose</c>; kernel (kh, kw, filters, in). The output size is Keras's
/// <c>deconv_length</c>: without output_padding, in·stride + max(kernel − stride, 0) ('valid') or in·stride
/// ('same'); with it, (in − 1)·stride + kernel − 2·pad + output_padding (pad = kernel // 2 for 'same').
/// </summary>
[KerasLayer("Conv2DTranspose", Aliases = new[] { "Convolution2DTranspose", "Deconvolution2D", "Deconv2D" })]
public sealed class Conv2DTranspose : BaseConv
{
    public Conv2DTranspose(int filters, IntTuple2 kernel_size, IntTuple2? strides = null, string padding = "valid",
                           IntTuple2? output_padding = null, string? data_format = null,
                           IntTuple2? dilation_rate = null, ActivationFunction? activation = null, bool use_bias = true,
                           Initializer? kernel_initializer = null, Initializer? bias_initializer = null,
                           Regularizer? kernel_regularizer = null, Regularizer? bias_regularizer = null,
                           Regularizer? activity_regularizer = null, Constraint? kernel_constraint = null,
                           Constraint? bias_constraint = null, Shape? input_shape = null,
                           Shape? batch_input_shape = null, string? name = null, bool trainable = true,
                           string? dtype = null)
        : base(2, filters, kernel_size.ToArray(), (strides ?? 1).ToArray(), padding, data_format,
               (dilation_rate ?? 1).ToArray(), activation, use_bias, kernel_initializer, bias_initializer,
               kernel_regularizer, bias_regularizer, activity_regularizer, kernel_constraint, bias_constraint,
               input_shape, batch_input_shape, name, trainable, dtype, "valid", "same")
    {
        if (output_padding is IntTuple2 op)
        {
            if (op.First < 0 || op.Second < 0 || op.First >= Strides[0] || op.Second >= Strides[1])
                throw new ArgumentException($"Stride {Tuple(Strides)} must be greater than output padding {op}, which must not be negative. Received: output_padding={op}", nameof(output_padding));
        }
        // Keras 2.2.4 runs a dilated transpose through tf.nn.atrous_conv2d_transpose, which takes one rate.
        if (DilationRate[0] != DilationRate[1])
            throw new ArgumentException($"Conv2DTranspose takes one dilation rate for both axes (TensorFlow's atrous_conv2d_transpose). Received: dilation_rate={Tuple(DilationRate)}", nameof(dilation_rate));
        OutputPadding = output_padding;
    }

    public IntTuple2? OutputPadding { get; }

    // (kh, kw, filters, in), as Keras stores it.
    private protected override long[] KernelShape(int inputDim) =>
        new long[] { KernelSize[0], KernelSize[1], Filters, inputDim };

    protected override Tensor Call(Tensor inputs, bool training)
    {
        var output = ComputeOutputShape(inputs.shape);
        var first = DataFormat == Nn.ChannelsLast ? 1 : 2;
        var size = new long[] { output[first]!.Value, output[first + 1]!.Value };
        var y = Nn.ConvTranspose2D(inputs, Kernel.Value, Bias?.Value, Strides, Padding, DilationRate, size, DataFormat);
        return Activation.Call(y);
    }

    public override Shape ComputeOutputShape(Shape input_shape)
    {
        var first = DataFormat == Nn.ChannelsLast ? 1 : 2;
        var dims = input_shape.Dims.ToArray();
        int?[] pads = OutputPadding is IntTuple2 op ? new int?[] { op.First, op.Second } : new int?[] { null, null };
        for (int i = 0; i < 2; i++)
        {
            var length = SamePadding.DeconvLength(dims[first + i], Strides[i], KernelSize[i], Padding, pads[i], DilationRate[i]);
            // TensorFlow computes the transpose as the gradient of the conv2d from the output size: it must map back.
            if (length is int n && (n <= 0 || SamePadding.OutputLength(n, KernelSize[i], Padding, Strides[i], DilationRate[i]) != dims[first + i]))
                throw new KerasException($"Layer {Name}: kernel_size={Tuple(KernelSize)}, strides={Tuple(Strides)}, padding='{Padding}' and output_padding={OutputPadding?.ToString() ?? "None"} give an output of size {n} on spatial axis {i}, whose convolution would not have the input's size {dims[first + i]} (TensorFlow's conv2d_transpose refuses it).");
            dims[first + i] = length;
        }
        dims[DataFormat == Nn.ChannelsLast ? 3 : 1] = Filters;
        return new Shape(dims);
    }
}
