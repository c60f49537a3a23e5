using System;
using System.Linq;
using static TorchSharp.torch;

namespace KerasSharp.Backend;

/// <summary>Keras 2.2.4's backend convolutions on real tensors (<c>K.conv1d</c>, <c>K.local_conv1d</c>), channels_last.</summary>
public static partial class KerasBackend
{
    /// <summary>
    /// <c>K.backend()</c>: the backend whose numerics KerasSharp follows and whose files it writes, "tensorflow" (so a
    /// port's <c>if K.backend() == 'theano':</c> branches are not taken).
    /// </summary>
    public static string Backend() => "tensorflow";

    /// <summary>
    /// <c>K.conv1d(x, kernel, strides=1, padding='valid', data_format=None, dilation_rate=1)</c>: x (batch, steps,
    /// channels), kernel (kernel_size, in, out).
    /// </summary>
    public static Tensor Conv1d(Tensor x, Tensor kernel, int strides = 1, string padding = "valid", string? data_format = null, int dilation_rate = 1)
    {
        var format = ArgumentValidation.DataFormat(data_format);
        var channels = x.shape[format == Nn.ChannelsLast ? 2 : 1];
        if (x.dim() != 3 || kernel.dim() != 3 || kernel.shape[1] != channels)
            throw new ArgumentException($"K.conv1d needs x of rank 3 and a kernel (kernel_size, {channels}, filters). Received: x with shape {Layer.ShapeText(x.shape)}, kernel with shape {Layer.ShapeText(kernel.shape)}", nameof(kernel));
        return Nn.Conv(x, kernel, null, new[] { strides }, ArgumentValidation.OneOf(nameof(padding), padding, "valid", "same", "causal"),
                       new[] { dilation_rate }, format);
    }

    /// <summary>
    /// <c>K.local_conv1d(inputs, kernel, kernel_size, strides, data_format=None)</c>: an unshared 1D convolution; kernel
    /// (output_length, kernel_size·input_dim, filters), one weight matrix per output step.
    /// </summary>
    public static Tensor LocalConv1d(Tensor inputs, Tensor kernel, IntTuple2 kernel_size, IntTuple2 strides, string? data_format = null)
    {
        var format = ArgumentValidation.DataFormat(data_format);
        var x = format == Nn.ChannelsLast ? inputs : inputs.transpose(1, 2);
        var (size, stride) = (kernel_size.First, strides.First);
        var outputLength = kernel.shape[0];
        if (x.dim() != 3 || kernel.dim() != 3 || (outputLength - 1) * stride + size > x.shape[1] || kernel.shape[1] != size * x.shape[2])
            throw new ArgumentException($"K.local_conv1d: kernel with shape {Layer.ShapeText(kernel.shape)} does not fit inputs with shape {Layer.ShapeText(inputs.shape)}, kernel_size={size}, strides={stride}.", nameof(kernel));
        // Each output step: its window flattened (batch, kernel_size·dim), times that step's own matrix.
        var windows = stack(Enumerable.Range(0, (int)outputLength)
            .Select(i => x.narrow(1, i * stride, size).reshape(x.shape[0], -1)).ToArray(), 0);
        var output = windows.bmm(kernel).permute(1, 0, 2);
        return format == Nn.ChannelsLast ? output : output.transpose(1, 2);
    }
}
