using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace KerasSharp.Bench;

/// <summary>
/// ResNet20 v1 of Keras 2.2.4's cifar10_resnet.py written the "Keras way" on raw TorchSharp, as <see cref="NhwcNet"/>
/// writes the tutorial model: activations stay NHWC and go to libtorch as permuted NCHW views (channels-last strides,
/// no copies); conv kernels stored OHWI and viewed as OIHW by a permute; TensorFlow's 'same' padding (the odd pixel
/// at the bottom/right, as Keras: the stride-2 3×3 convs pad (0, 1) with F.pad, everything else pads symmetrically
/// inside the conv); torch's batch_norm with running statistics, momentum 0.01 (Keras's 0.99) and eps 1e-3; he_normal
/// kernels (Keras 2.2's truncated normal, stddev √(2/fan_in)/0.8796, cut at ±2σ), zero biases; the shortcut added
/// with <c>+</c>; AveragePooling2D(8) as avg_pool2d; Flatten in H,W,C order; Dense kernel (in, units). Returns logits.
/// </summary>
internal sealed class NhwcResNet : nn.Module<Tensor, Tensor>
{
    private sealed record Conv(Parameter Kernel, Parameter Bias, int Size, int Stride);

    private sealed record Norm(Parameter Gamma, Parameter Beta, Tensor Mean, Tensor Variance);

    private sealed record Block(Conv Conv1, Norm Norm1, Conv Conv2, Norm Norm2, Conv? Projection);

    private readonly List<Parameter> _kernels = new();
    private readonly Conv _stemConv;
    private readonly Norm _stemNorm;
    private readonly List<Block> _blocks = new();
    private readonly Parameter _denseKernel;
    private readonly Parameter _denseBias;
    private int _convs, _norms;

    /// <param name="kernelsHwio">Store the conv kernels as Keras (and KerasSharp) do, (kh, kw, in, out), and view them
    /// as OIHW by a permute that is neither contiguous nor channels-last (the <c>resnet-nhwc-hwio</c> diagnostic).</param>
    /// <param name="kerasBatchNorm">In training, normalise as KerasSharp's BatchNormalization does (Backend/Nn.cs,
    /// written out here): fresh zeros/ones scratch statistics, torch's batch_norm with momentum 1 into them, then the
    /// moving statistics updated with mul_/add_ (the <c>resnet-nhwc-hwio-kbn</c> diagnostic).</param>
    public NhwcResNet(int depth = ResNetModel.Depth, int classes = BenchOptions.Classes, bool kernelsHwio = false,
                      bool kerasBatchNorm = false)
        : base(nameof(NhwcResNet))
    {
        KernelsHwio = kernelsHwio;
        KerasBatchNorm = kerasBatchNorm;
        using (torch.no_grad())
        {
            long channels = BenchOptions.Channels;
            _stemConv = NewConv(channels, 16, 3, 1);
            _stemNorm = NewNorm(16);
            channels = 16;
            var filters = 16;
            var blocks = (depth - 2) / 6;
            for (int stack = 0; stack < 3; stack++)
            {
                for (int b = 0; b < blocks; b++)
                {
                    var stride = stack > 0 && b == 0 ? 2 : 1;
                    var conv1 = NewConv(channels, filters, 3, stride);
                    var norm1 = NewNorm(filters);
                    var conv2 = NewConv(filters, filters, 3, 1);
                    var norm2 = NewNorm(filters);
                    var projection = stride == 2 ? NewConv(channels, filters, 1, stride) : null;
                    _blocks.Add(new Block(conv1, norm1, conv2, norm2, projection));
                    channels = filters;
                }
                filters *= 2;
            }
            _denseKernel = new Parameter(HeNormal(new long[] { channels, classes }, channels));
            _denseBias = new Parameter(torch.zeros(classes));
            register_parameter("dense_kernel", _denseKernel);
            register_parameter("dense_bias", _denseBias);
        }
    }

    public IReadOnlyList<Parameter> Kernels => _kernels;

    public bool KernelsHwio { get; }

    public bool KerasBatchNorm { get; }

    /// <summary>
    /// Copies a KerasSharp ResNet's weights in (for the equivalence check): its convs, batch norms and dense layer in
    /// the order they were created, which is this net's order; HWIO kernels become OHWI.
    /// </summary>
    public void CopyFrom(IReadOnlyList<KerasSharp.Layers.Conv2D> convs, IReadOnlyList<KerasSharp.Layers.BatchNormalization> norms,
                         KerasSharp.Layers.Dense dense)
    {
        var myConvs = new List<Conv> { _stemConv };
        var myNorms = new List<Norm> { _stemNorm };
        foreach (var b in _blocks)
        {
            myConvs.Add(b.Conv1);
            myConvs.Add(b.Conv2);
            if (b.Projection is { } p) myConvs.Add(p);
            myNorms.Add(b.Norm1);
            myNorms.Add(b.Norm2);
        }
        if (convs.Count != myConvs.Count || norms.Count != myNorms.Count)
            throw new InvalidOperationException($"Layer counts differ: {convs.Count} convs / {norms.Count} norms against {myConvs.Count} / {myNorms.Count}.");
        using var noGrad = torch.no_grad();
        for (int i = 0; i < convs.Count; i++)
        {
            myConvs[i].Kernel.copy_(KernelsHwio ? convs[i].Kernel.Value : convs[i].Kernel.Value.permute(3, 0, 1, 2));
            myConvs[i].Bias.copy_(convs[i].Bias!.Value);
        }
        for (int i = 0; i < norms.Count; i++)
        {
            var w = norms[i].Weights; // gamma, beta, moving_mean, moving_variance
            myNorms[i].Gamma.copy_(w[0].Value);
            myNorms[i].Beta.copy_(w[1].Value);
            myNorms[i].Mean.copy_(w[2].Value);
            myNorms[i].Variance.copy_(w[3].Value);
        }
        _denseKernel.copy_(dense.Kernel.Value);
        _denseBias.copy_(dense.Bias!.Value);
    }

    /// <summary>x: (N, 32, 32, 3). Returns logits (N, 10).</summary>
    public override Tensor forward(Tensor x)
    {
        x = F.relu(BatchNorm(Convolve(x, _stemConv), _stemNorm));
        foreach (var block in _blocks)
        {
            var y = F.relu(BatchNorm(Convolve(x, block.Conv1), block.Norm1));
            y = BatchNorm(Convolve(y, block.Conv2), block.Norm2);
            if (block.Projection is { } projection) x = Convolve(x, projection);
            x = F.relu(x + y);
        }
        x = ToNhwc(F.avg_pool2d(ToNchw(x), new long[] { 8, 8 }, new long[] { 8, 8 }));
        x = x.reshape(x.shape[0], -1);
        return F.linear(x, _denseKernel.t(), _denseBias);
    }

    private Tensor Convolve(Tensor x, Conv conv)
    {
        var xt = ToNchw(x);
        // TensorFlow's 'same': total = max((ceil(n/s) − 1)·s + k − n, 0), the odd pixel after.
        var n = (int)xt.shape[2];
        var total = Math.Max(((n + conv.Stride - 1) / conv.Stride - 1) * conv.Stride + conv.Size - n, 0);
        var (before, after) = (total / 2, total - total / 2);
        long pad = before;
        if (before != after)
        {
            xt = F.pad(xt, new long[] { before, after, before, after });
            pad = 0;
        }
        var w = KernelsHwio ? conv.Kernel.permute(3, 2, 0, 1) : conv.Kernel.permute(0, 3, 1, 2); // OHWI → OIHW, channels-last weight
        return ToNhwc(F.conv2d(xt, w, conv.Bias, strides: new long[] { conv.Stride, conv.Stride }, padding: new long[] { pad, pad }));
    }

    private Tensor BatchNorm(Tensor x, Norm norm)
    {
        if (!KerasBatchNorm || !training)
            return ToNhwc(F.batch_norm(ToNchw(x), norm.Mean, norm.Variance, norm.Gamma, norm.Beta, training, momentum: 0.01, eps: 1e-3));
        const double Momentum = 0.99, Epsilon = 1e-3;
        var xt = ToNchw(x);
        Tensor y;
        using (torch.no_grad())
        {
            var batchMean = torch.zeros_like(norm.Mean);
            var batchVariance = torch.ones_like(norm.Variance);
            using (torch.enable_grad())
                y = F.batch_norm(xt, batchMean, batchVariance, norm.Gamma, norm.Beta, true, momentum: 1.0, eps: Epsilon);
            double n = xt.numel() / xt.shape[1];
            norm.Mean.mul_(Momentum).add_(batchMean, alpha: 1 - Momentum);
            norm.Variance.mul_(Momentum).add_(batchVariance, alpha: (1 - Momentum) * (n - 1) / (n - (1 + Epsilon)));
        }
        return ToNhwc(y);
    }

    private Conv NewConv(long inChannels, long outChannels, int size, int stride)
    {
        var i = ++_convs;
        using var ohwi = HeNormal(new long[] { outChannels, size, size, inChannels }, inChannels * size * size);
        var kernel = new Parameter(KernelsHwio ? ohwi.permute(1, 2, 3, 0).contiguous() : ohwi.clone());
        var bias = new Parameter(torch.zeros(outChannels));
        register_parameter($"conv{i}_kernel", kernel);
        register_parameter($"conv{i}_bias", bias);
        _kernels.Add(kernel);
        return new Conv(kernel, bias, size, stride);
    }

    private Norm NewNorm(long channels)
    {
        var i = ++_norms;
        var norm = new Norm(new Parameter(torch.ones(channels)), new Parameter(torch.zeros(channels)), torch.zeros(channels), torch.ones(channels));
        register_parameter($"bn{i}_gamma", norm.Gamma);
        register_parameter($"bn{i}_beta", norm.Beta);
        register_buffer($"bn{i}_moving_mean", norm.Mean);
        register_buffer($"bn{i}_moving_variance", norm.Variance);
        return norm;
    }

    /// <summary>Keras 2.2's he_normal: a normal cut at ±2σ (by inverse CDF) with σ = √(2/fan_in)/0.87962566.</summary>
    private static Tensor HeNormal(long[] shape, long fanIn)
    {
        const double Phi2 = 0.97724986805182079; // Φ(2)
        var std = Math.Sqrt(2.0 / fanIn) / 0.87962566103423978;
        using var u = torch.empty(shape, float64).uniform_(1 - Phi2, Phi2);
        using var x = (u * 2 - 1).erfinv_().mul_(Math.Sqrt(2) * std).clamp_(-2 * std, 2 * std);
        return x.to_type(float32);
    }

    private static Tensor ToNchw(Tensor nhwc) => nhwc.permute(0, 3, 1, 2);

    private static Tensor ToNhwc(Tensor nchw) => nchw.permute(0, 2, 3, 1);
}
