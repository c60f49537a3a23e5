using System;

namespace KerasSharp.Backend;

/// <summary>Output sizes and TensorFlow's padding rules (Keras's <c>conv_utils.conv_output_length</c>).</summary>
internal static class SamePadding
{
    /// <summary>Kernel extent with dilation: <c>(k - 1) * d + 1</c>.</summary>
    public static int Effective(int kernel, int dilation) => (kernel - 1) * dilation + 1;

    /// <summary>Output length along one axis; null stays null (unknown size).</summary>
    public static int? OutputLength(int? input, int kernel, string padding, int stride, int dilation = 1)
    {
        if (input is not int n) return null;
        var k = Effective(kernel, dilation);
        return padding switch
        {
            "same" or "causal" => (n + stride - 1) / stride,
            // Keras's (n - k + 1 + s - 1) // s, floored: a kernel longer than the input gives a size <= 0 at any stride.
            "valid" => n - k + 1 <= 0 ? n - k + 1 : (n - k + stride) / stride,
            _ => throw new ArgumentException($"Invalid padding: '{padding}'", nameof(padding)),
        };
    }

    /// <summary>
    /// TensorFlow's 'same' padding: <c>total = max((ceil(n/s) - 1)·s + k_eff - n, 0)</c>, with the odd pixel at the end
    /// (bottom/right), which is where TensorFlow and Keras put it.
    /// </summary>
    public static (int Before, int After) Same(int input, int kernel, int stride, int dilation = 1)
    {
        var output = (input + stride - 1) / stride;
        var total = Math.Max((output - 1) * stride + Effective(kernel, dilation) - input, 0);
        return (total / 2, total - total / 2);
    }

    /// <summary>
    /// Keras's <c>conv_utils.deconv_length</c>: the output length of a transposed convolution. Without output_padding,
    /// n·s + max(k_eff − s, 0) ('valid') or n·s ('same'); with it, (n − 1)·s + k_eff − 2·pad + output_padding, pad
    /// being k_eff // 2 for 'same' and 0 for 'valid'. Null stays null.
    /// </summary>
    public static int? DeconvLength(int? input, int stride, int kernel, string padding, int? outputPadding, int dilation = 1)
    {
        if (input is not int n) return null;
        var k = Effective(kernel, dilation);
        if (outputPadding is not int op)
            return padding == "valid" ? n * stride + Math.Max(k - stride, 0) : n * stride;
        var pad = padding == "same" ? k / 2 : 0;
        return (n - 1) * stride + k - 2 * pad + op;
    }
}
