using System;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace KerasSharp.Backend;

/// <summary>
/// The layout seam: Keras tensors (channels_last by default, kernels as (k..., in, out)) in, Keras tensors out,
/// torch's NCHW ops in between. Permutations are views: a channels_last activation seen as NCHW has channels-last
/// strides, which libtorch's CPU and cuDNN kernels take without a copy. TensorFlow's 'same' padding, including its
/// asymmetric case, is done here and nowhere else. 1D ops run as 2D ops over a height of one; 3D ops are torch's 3D ops.
/// </summary>
internal static class Nn
{
    public const string ChannelsLast = "channels_last";

    /// <summary>(N, d1..dk, C) → (N, C, d1..dk), a view.</summary>
    public static Tensor ToChannelsFirst(Tensor x)
    {
        var r = (int)x.dim();
        return x.permute(new long[] { 0, r - 1 }.Concat(Enumerable.Range(1, r - 2).Select(i => (long)i)).ToArray());
    }

    /// <summary>(N, C, d1..dk) → (N, d1..dk, C), a view.</summary>
    public static Tensor ToChannelsLast(Tensor x)
    {
        var r = (int)x.dim();
        return x.permute(new long[] { 0 }.Concat(Enumerable.Range(2, r - 2).Select(i => (long)i)).Append(1).ToArray());
    }

    /// <summary>Convolution (cross-correlation, as TensorFlow does) of rank 1, 2 or 3.</summary>
    /// <param name="kernel">Keras layout: (k..., in, out).</param>
    public static Tensor Conv(Tensor x, Tensor kernel, Tensor? bias, int[] strides, string padding, int[] dilation,
                              string dataFormat)
    {
        var rank = strides.Length;
        // (k..., in, out) → (out, in, k...)
        var w = kernel.permute(new long[] { rank + 1, rank }.Concat(Enumerable.Range(0, rank).Select(i => (long)i)).ToArray());
        return ToLayout(TorchConv(ToTorch(x, dataFormat, rank), w, bias, strides, padding, dilation, 1), dataFormat, rank);
    }

    /// <summary>
    /// Depthwise convolution of rank 1 or 2 (<c>tf.nn.depthwise_conv2d</c>): each input channel c is convolved with
    /// its own <c>mult</c> filters, giving output channels c·mult + m.
    /// </summary>
    /// <param name="kernel">Keras layout: (k..., in, mult).</param>
    public static Tensor DepthwiseConv(Tensor x, Tensor kernel, Tensor? bias, int[] strides, string padding,
                                       int[] dilation, string dataFormat)
    {
        var rank = strides.Length;
        var channels = kernel.shape[rank];
        // (k..., in, mult) → (k..., in·mult) → (in·mult, 1, k...): torch's grouped layout, group c = filters c·mult + m.
        var w = kernel.reshape(kernel.shape.Take(rank).Append(-1).ToArray())
            .permute(new long[] { rank }.Concat(Enumerable.Range(0, rank).Select(i => (long)i)).ToArray()).unsqueeze(1);
        return ToLayout(TorchConv(ToTorch(x, dataFormat, rank), w, bias, strides, padding, dilation, channels), dataFormat, rank);
    }

    /// <summary>
    /// Transposed 2D convolution as <c>tf.nn.conv2d_transpose</c> (the gradient of conv2d with respect to its input)
    /// for an output of (height, width): the full transposed convolution, then TensorFlow's 'same' padding of that
    /// output size taken off the start and the rest cropped or zero-filled at the end.
    /// </summary>
    /// <param name="kernel">Keras layout: (kh, kw, filters, in).</param>
    public static Tensor ConvTranspose2D(Tensor x, Tensor kernel, Tensor? bias, int[] strides, string padding,
                                         int[] dilation, long[] outputSize, string dataFormat)
    {
        var xt = dataFormat == ChannelsLast ? ToChannelsFirst(x) : x;
        // (kh, kw, filters, in) → (in, filters, kh, kw), torch's layout for conv_transpose2d.
        var w = kernel.permute(3, 2, 0, 1);
        var full = F.conv_transpose2d(xt, w, null, strides: strides.Select(v => (long)v).ToArray(),
                                      dilation: dilation.Select(v => (long)v).ToArray());
        var pads = new long[4];
        for (int i = 0; i < 2; i++)
        {
            var before = padding == "same" ? SamePadding.Same((int)outputSize[i], (int)kernel.shape[i], strides[i], dilation[i]).Before : 0;
            // torch's pad lists the last axis first; a negative amount crops.
            pads[2 - 2 * i] = -before;
            pads[3 - 2 * i] = outputSize[i] - (full.shape[2 + i] - before);
        }
        var y = F.pad(full, pads);
        if (bias is not null) y = y + bias.view(1, -1, 1, 1);
        return dataFormat == ChannelsLast ? ToChannelsLast(y) : y;
    }

    /// <summary>Max or average pooling of rank 1, 2 or 3; 'same' padding is ignored by both (average counts real cells only).</summary>
    public static Tensor Pool(Tensor x, int[] poolSize, int[] strides, string padding, string dataFormat, bool max)
    {
        var rank = poolSize.Length;
        var xt = ToTorch(x, dataFormat, rank);
        var k = rank == 1 ? To2D(poolSize) : poolSize;
        var s = rank == 1 ? To2D(strides) : strides;
        var kl = k.Select(v => (long)v).ToArray();
        var sl = s.Select(v => (long)v).ToArray();
        var ones = Enumerable.Repeat(1, k.Length).ToArray();
        Tensor y;
        if (max)
        {
            var (padded, pads) = Pad(xt, k, s, ones, padding, double.NegativeInfinity);
            y = k.Length == 3 ? F.max_pool3d(padded, kl, sl, pads) : F.max_pool2d(padded, kl, sl, pads);
        }
        else if (padding == "same" && !IsSymmetric(xt, k, s))
        {
            // Asymmetric 'same': average over zero padding, then rescale by the share of real cells per window.
            var (padded, _) = Pad(xt, k, s, ones, padding, 0.0);
            var (mask, _) = Pad(ones_like(xt[0..1, 0..1]), k, s, ones, padding, 0.0);
            y = AvgPool(padded, kl, sl, null) / AvgPool(mask, kl, sl, null);
        }
        else
        {
            var (padded, pads) = Pad(xt, k, s, ones, padding, 0.0);
            y = AvgPool(padded, kl, sl, pads);
        }
        return ToLayout(y, dataFormat, rank);
    }

    private static Tensor AvgPool(Tensor x, long[] k, long[] s, long[]? pads) => k.Length == 3
        ? F.avg_pool3d(x, k, s, pads, count_include_pad: false)
        : F.avg_pool2d(x, k, s, pads, count_include_pad: false);

    /// <summary>A Keras tensor as torch's (N, C, spatial...); rank 1 runs as 2D over a height of one.</summary>
    private static Tensor ToTorch(Tensor x, string dataFormat, int rank)
    {
        var xt = dataFormat == ChannelsLast ? ToChannelsFirst(x) : x;
        return rank == 1 ? xt.unsqueeze(2) : xt;
    }

    /// <summary>The inverse of <see cref="ToTorch"/>.</summary>
    private static Tensor ToLayout(Tensor y, string dataFormat, int rank)
    {
        if (rank == 1) y = y.squeeze(2);
        return dataFormat == ChannelsLast ? ToChannelsLast(y) : y;
    }

    /// <summary>conv2d or conv3d on torch's layout (w: (out, in/groups, k...); rank 1 as 2D), with Keras padding.</summary>
    private static Tensor TorchConv(Tensor xt, Tensor w, Tensor? bias, int[] strides, string padding, int[] dilation, long groups)
    {
        if (strides.Length == 1) w = w.unsqueeze(2);
        var s = strides.Length == 1 ? To2D(strides) : strides;
        var d = dilation.Length == 1 ? To2D(dilation) : dilation;
        var k = w.shape.Skip(2).Select(v => (int)v).ToArray();
        var (padded, pads) = Pad(xt, k, s, d, padding, double.NaN);
        var sl = s.Select(v => (long)v).ToArray();
        var dl = d.Select(v => (long)v).ToArray();
        return k.Length == 3
            ? F.conv3d(padded, w, bias, strides: sl, padding: pads, dilation: dl, groups: groups)
            : F.conv2d(padded, w, bias, strides: sl, padding: pads, dilation: dl, groups: groups);
    }

    /// <summary>
    /// Batch normalization over every axis but <paramref name="axis"/>. In training the output uses the batch mean and
    /// biased variance, and (with <paramref name="updateMoving"/>) the moving statistics are updated in place as Keras 2.3.1 does:
    /// <c>moving = moving·momentum + stat·(1 − momentum)</c>, the variance fed as <c>var·n/(n − (1 + ε))</c>.
    /// </summary>
    public static Tensor BatchNorm(Tensor x, int axis, Tensor? gamma, Tensor? beta, Tensor movingMean,
                                   Tensor movingVariance, bool training, double momentum, double epsilon, bool updateMoving = true)
    {
        var rank = (int)x.dim();
        var perm = new long[] { 0, axis }.Concat(Enumerable.Range(1, rank - 1).Where(i => i != axis).Select(i => (long)i)).ToArray();
        var identity = axis == 1;
        var xt = identity ? x : x.permute(perm);
        Tensor y;
        if (training)
        {
            // One fused pass: with momentum 1, torch leaves the batch mean and the unbiased variance, n/(n−1)·var, in
            // the scratch buffers; Keras 2.3.1 feeds var·n/(n − (1 + ε)) instead, hence the rescaling below.
            using var noGrad = torch.no_grad();
            var batchMean = zeros_like(movingMean);
            var batchVariance = ones_like(movingVariance);
            using (torch.enable_grad())
                y = F.batch_norm(xt, batchMean, batchVariance, gamma, beta, training: true, momentum: 1.0, eps: epsilon);
            if (updateMoving)
            {
                double n = xt.numel() / xt.shape[1];
                movingMean.mul_(momentum).add_(batchMean, alpha: 1 - momentum);
                movingVariance.mul_(momentum).add_(batchVariance, alpha: (1 - momentum) * (n - 1) / (n - (1 + epsilon)));
            }
        }
        else
        {
            y = F.batch_norm(xt, movingMean, movingVariance, gamma, beta, training: false, eps: epsilon);
        }
        if (identity) return y;
        var inverse = new long[rank];
        for (int i = 0; i < rank; i++) inverse[perm[i]] = i;
        return y.permute(inverse);
    }

    /// <summary>
    /// Keras recurrent weights in torch's layout for its fused RNN kernels: <c>weight_ih</c> (gates·units, input) and
    /// <c>weight_hh</c> (gates·units, units) are the kernels transposed, gate blocks in torch's order. An LSTM's gates
    /// (i, f, c, o) are torch's (i, f, g, o); a GRU's (z, r, h) become torch's (r, z, n), its (2, 3·units) bias the input
    /// and recurrent biases; a single Keras bias is the input bias (the recurrent one zero).
    /// </summary>
    public static (Tensor WeightIh, Tensor WeightHh, Tensor? BiasIh, Tensor? BiasHh) TorchRecurrentWeights(
        Tensor kernel, Tensor recurrentKernel, Tensor? bias, bool gru)
    {
        var weightIh = GateOrder(kernel, 1, gru).t().contiguous();
        var weightHh = GateOrder(recurrentKernel, 1, gru).t().contiguous();
        if (bias is null) return (weightIh, weightHh, null, null);
        if (bias.dim() == 2) return (weightIh, weightHh, GateOrder(bias[0], 0, gru), GateOrder(bias[1], 0, gru));
        return (weightIh, weightHh, GateOrder(bias, 0, gru), torch.zeros_like(bias));
    }

    /// <summary>
    /// The inverse of <see cref="TorchRecurrentWeights"/> for gradients: the fused kernel's parameter gradients as the
    /// Keras weights' (kernel, recurrent_kernel, bias). A single Keras bias is the input bias (the recurrent one stays
    /// zero and untrained); a two-row bias takes both.
    /// </summary>
    public static (Tensor Kernel, Tensor RecurrentKernel, Tensor? Bias) KerasRecurrentGradients(
        Tensor weightIh, Tensor weightHh, Tensor? biasIh, Tensor? biasHh, bool twoRowBias, bool gru)
    {
        var kernel = GateOrder(weightIh.t(), 1, gru);
        var recurrentKernel = GateOrder(weightHh.t(), 1, gru);
        if (biasIh is null) return (kernel, recurrentKernel, null);
        var bias = twoRowBias ? torch.stack(new[] { GateOrder(biasIh, 0, gru), GateOrder(biasHh!, 0, gru) }) : GateOrder(biasIh, 0, gru);
        return (kernel, recurrentKernel, bias);
    }

    /// <summary>A GRU's gate blocks along <paramref name="axis"/> between Keras's (z, r, h) and torch's (r, z, n): the swap is its own inverse. Other cells share torch's order.</summary>
    private static Tensor GateOrder(Tensor t, long axis, bool gru)
    {
        if (!gru) return t;
        var blocks = t.chunk(3, axis);
        return torch.cat(new[] { blocks[1], blocks[0], blocks[2] }, axis);
    }

    /// <summary>
    /// Bilinear resizing of images to (height, width) as tf.keras 2's <c>tf.image.resize</c>: half-pixel centres
    /// (source = (target + 0.5)·in/out − 0.5), edges clamped, which is torch's align_corners=False.
    /// </summary>
    public static Tensor ResizeBilinear(Tensor x, long height, long width, string dataFormat)
    {
        var xt = dataFormat == ChannelsLast ? ToChannelsFirst(x) : x;
        var y = F.interpolate(xt, new[] { height, width }, mode: InterpolationMode.Bilinear, align_corners: false);
        return dataFormat == ChannelsLast ? ToChannelsLast(y) : y;
    }

    private static int[] To2D(int[] values) => values.Length == 1 ? new[] { 1, values[0] } : values;

    private static bool IsSymmetric(Tensor xt, int[] k, int[] s)
    {
        for (int i = 0; i < k.Length; i++)
        {
            var (before, after) = SamePadding.Same((int)xt.shape[2 + i], k[i], s[i]);
            if (before != after) return false;
        }
        return true;
    }

    /// <summary>
    /// Applies Keras padding to a (N, C, spatial...) tensor. Symmetric padding is returned as the op's own padding
    /// argument (no copy); asymmetric 'same' and 'causal' padding are applied here with <paramref name="fill"/> (NaN: zeros).
    /// </summary>
    private static (Tensor Input, long[] Pads) Pad(Tensor xt, int[] k, int[] s, int[] d, string padding, double fill)
    {
        var n = k.Length;
        if (padding == "valid") return (xt, new long[n]);
        var before = new int[n];
        var after = new int[n];
        for (int i = 0; i < n; i++)
        {
            if (padding == "causal")
                (before[i], after[i]) = (SamePadding.Effective(k[i], d[i]) - 1, 0);
            else
                (before[i], after[i]) = SamePadding.Same((int)xt.shape[2 + i], k[i], s[i], d[i]);
        }
        if (before.SequenceEqual(after))
            return (xt, before.Select(v => (long)v).ToArray());
        var value = double.IsNaN(fill) ? 0.0 : fill;
        // torch's pad lists the last axis first.
        var pads = Enumerable.Range(0, n).Reverse().SelectMany(i => new long[] { before[i], after[i] }).ToArray();
        var padded = F.pad(xt, pads, PaddingModes.Constant, value);
        return (padded, new long[n]);
    }
}
