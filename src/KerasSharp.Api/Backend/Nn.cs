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
/// asymmetric case, is done here and nowhere else. 1D ops run as 2D ops over a height of one.
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

    /// <summary>Convolution (cross-correlation, as TensorFlow does) of rank 1 or 2.</summary>
    /// <param name="kernel">Keras layout: (k, in, out) or (kh, kw, in, out).</param>
    public static Tensor Conv(Tensor x, Tensor kernel, Tensor? bias, int[] strides, string padding, int[] dilation,
                              string dataFormat)
    {
        var rank = strides.Length;
        var xt = dataFormat == ChannelsLast ? ToChannelsFirst(x) : x;
        // (k..., in, out) → (out, in, k...)
        var w = rank == 2 ? kernel.permute(3, 2, 0, 1) : kernel.permute(2, 1, 0).unsqueeze(2);
        if (rank == 1) xt = xt.unsqueeze(2);
        var s = To2D(strides);
        var d = To2D(dilation);
        var k = new[] { (int)w.shape[2], (int)w.shape[3] };
        var (padded, pads) = Pad(xt, k, s, d, padding, double.NaN);
        var y = F.conv2d(padded, w, bias, strides: s.Select(v => (long)v).ToArray(), padding: pads,
                         dilation: d.Select(v => (long)v).ToArray());
        if (rank == 1) y = y.squeeze(2);
        return dataFormat == ChannelsLast ? ToChannelsLast(y) : y;
    }

    /// <summary>Max or average pooling of rank 1 or 2; 'same' padding is ignored by both (average counts real cells only).</summary>
    public static Tensor Pool(Tensor x, int[] poolSize, int[] strides, string padding, string dataFormat, bool max)
    {
        var rank = poolSize.Length;
        var xt = dataFormat == ChannelsLast ? ToChannelsFirst(x) : x;
        if (rank == 1) xt = xt.unsqueeze(2);
        var k = To2D(poolSize);
        var s = To2D(strides);
        var kl = k.Select(v => (long)v).ToArray();
        var sl = s.Select(v => (long)v).ToArray();
        var ones = new[] { 1, 1 };
        Tensor y;
        if (max)
        {
            var (padded, pads) = Pad(xt, k, s, ones, padding, double.NegativeInfinity);
            y = F.max_pool2d(padded, kl, sl, pads);
        }
        else if (padding == "same" && !IsSymmetric(xt, k, s))
        {
            // Asymmetric 'same': average over zero padding, then rescale by the share of real cells per window.
            var (padded, _) = Pad(xt, k, s, ones, padding, 0.0);
            var (mask, _) = Pad(ones_like(xt[0..1, 0..1]), k, s, ones, padding, 0.0);
            y = F.avg_pool2d(padded, kl, sl) / F.avg_pool2d(mask, kl, sl);
        }
        else
        {
            var (padded, pads) = Pad(xt, k, s, ones, padding, 0.0);
            y = F.avg_pool2d(padded, kl, sl, pads, count_include_pad: false);
        }
        if (rank == 1) y = y.squeeze(2);
        return dataFormat == ChannelsLast ? ToChannelsLast(y) : y;
    }

    /// <summary>
    /// Batch normalization over every axis but <paramref name="axis"/>. In training the output uses the batch mean and
    /// biased variance, and the moving statistics are updated in place as Keras 2.3.1 does:
    /// <c>moving = moving·momentum + stat·(1 − momentum)</c>, the variance fed as <c>var·n/(n − (1 + ε))</c>.
    /// </summary>
    public static Tensor BatchNorm(Tensor x, int axis, Tensor? gamma, Tensor? beta, Tensor movingMean,
                                   Tensor movingVariance, bool training, double momentum, double epsilon)
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
            double n = xt.numel() / xt.shape[1];
            movingMean.mul_(momentum).add_(batchMean, alpha: 1 - momentum);
            movingVariance.mul_(momentum).add_(batchVariance, alpha: (1 - momentum) * (n - 1) / (n - (1 + epsilon)));
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
        for (int i = 0; i < 2; i++)
        {
            var (before, after) = SamePadding.Same((int)xt.shape[2 + i], k[i], s[i]);
            if (before != after) return false;
        }
        return true;
    }

    /// <summary>
    /// Applies Keras padding to an NCHW tensor. Symmetric padding is returned as the op's own padding argument (no
    /// copy); asymmetric 'same' and 'causal' padding are applied here with <paramref name="fill"/> (NaN: zeros).
    /// </summary>
    private static (Tensor Input, long[] Pads) Pad(Tensor xt, int[] k, int[] s, int[] d, string padding, double fill)
    {
        if (padding == "valid") return (xt, new long[] { 0, 0 });
        var before = new int[2];
        var after = new int[2];
        for (int i = 0; i < 2; i++)
        {
            if (padding == "causal")
                (before[i], after[i]) = (SamePadding.Effective(k[i], d[i]) - 1, 0);
            else
                (before[i], after[i]) = SamePadding.Same((int)xt.shape[2 + i], k[i], s[i], d[i]);
        }
        if (before[0] == after[0] && before[1] == after[1])
            return (xt, new long[] { before[0], before[1] });
        var value = double.IsNaN(fill) ? 0.0 : fill;
        var padded = F.pad(xt, new long[] { before[1], after[1], before[0], after[0] }, PaddingModes.Constant, value);
        return (padded, new long[] { 0, 0 });
    }
}
