using System.Collections.Generic;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace KerasSharp.Bench;

/// <summary>
/// The tutorial model written the "Keras way" on raw TorchSharp: activations stay NHWC and are handed to libtorch as
/// permuted NCHW views (channels-last strides, no copies); conv kernels are stored OHWI (or HWIO, Keras's own
/// layout, for the diagnostic variant) and viewed as OIHW by a permute; batch norm uses torch's running statistics
/// (momentum 0.01 = Keras's 0.99); Flatten is a reshape of the NHWC tensor, so H,W,C order as in Keras; the Dense
/// kernel is stored (in, units) as in Keras. Returns logits.
/// </summary>
internal sealed class NhwcNet : nn.Module<Tensor, Tensor>
{
    private static readonly long[] Filters = { 32, 32, 64, 64, 128, 128 };
    private static readonly double[] DropoutRates = { 0.2, 0.3, 0.4 };
    private static readonly long[] ConvPadding = { 1, 1 };
    private static readonly long[] Pool = { 2, 2 };

    private readonly Parameter[] _kernels = new Parameter[6];
    private readonly Parameter[] _biases = new Parameter[6];
    private readonly Parameter[] _gammas = new Parameter[6];
    private readonly Parameter[] _betas = new Parameter[6];
    private readonly Tensor[] _runningMeans = new Tensor[6];
    private readonly Tensor[] _runningVars = new Tensor[6];
    private readonly Parameter _denseKernel;
    private readonly Parameter _denseBias;

    public NhwcNet(bool kernelsOhwi) : base(nameof(NhwcNet))
    {
        KernelsOhwi = kernelsOhwi;
        long inChannels = BenchOptions.Channels;
        using (torch.no_grad())
        {
            for (int i = 0; i < 6; i++)
            {
                // Torch's default conv init on an OIHW tensor, then stored in the chosen layout.
                using var oihw = torch.empty(Filters[i], inChannels, 3, 3);
                nn.init.kaiming_uniform_(oihw, a: System.Math.Sqrt(5));
                var stored = kernelsOhwi ? oihw.permute(0, 2, 3, 1).contiguous() : oihw.permute(2, 3, 1, 0).contiguous();
                _kernels[i] = new Parameter(stored);
                _biases[i] = new Parameter(torch.zeros(Filters[i]));
                _gammas[i] = new Parameter(torch.ones(Filters[i]));
                _betas[i] = new Parameter(torch.zeros(Filters[i]));
                _runningMeans[i] = torch.zeros(Filters[i]);
                _runningVars[i] = torch.ones(Filters[i]);
                register_parameter($"conv{i + 1}_kernel", _kernels[i]);
                register_parameter($"conv{i + 1}_bias", _biases[i]);
                register_parameter($"bn{i + 1}_gamma", _gammas[i]);
                register_parameter($"bn{i + 1}_beta", _betas[i]);
                register_buffer($"bn{i + 1}_moving_mean", _runningMeans[i]);
                register_buffer($"bn{i + 1}_moving_variance", _runningVars[i]);
                inChannels = Filters[i];
            }
            var fanIn = 128 * 4 * 4;
            var bound = 1.0 / System.Math.Sqrt(fanIn);
            _denseKernel = new Parameter(torch.empty(fanIn, BenchOptions.Classes).uniform_(-bound, bound));
            _denseBias = new Parameter(torch.empty(BenchOptions.Classes).uniform_(-bound, bound));
            register_parameter("dense_kernel", _denseKernel);
            register_parameter("dense_bias", _denseBias);
        }
    }

    public bool KernelsOhwi { get; }

    public IReadOnlyList<Parameter> Kernels => _kernels;

    /// <summary>x: (N, H, W, C). Returns logits (N, 10).</summary>
    public override Tensor forward(Tensor x)
    {
        for (int block = 0; block < 3; block++)
        {
            for (int j = 0; j < 2; j++)
            {
                var i = 2 * block + j;
                x = Conv(x, i);
                x = F.elu(x, 1.0);
                x = BatchNorm(x, i);
            }
            x = ToNhwc(F.max_pool2d(ToNchw(x), Pool, Pool));
            x = F.dropout(x, DropoutRates[block], training);
        }
        x = x.reshape(x.shape[0], -1);
        return F.linear(x, _denseKernel.t(), _denseBias);
    }

    private Tensor Conv(Tensor x, int i)
    {
        // OHWI → OIHW is a channels_last weight; HWIO → OIHW (KerasSharp's layout) is neither contiguous nor channels_last.
        var w = KernelsOhwi ? _kernels[i].permute(0, 3, 1, 2) : _kernels[i].permute(3, 2, 0, 1);
        return ToNhwc(F.conv2d(ToNchw(x), w, _biases[i], padding: ConvPadding));
    }

    private Tensor BatchNorm(Tensor x, int i) =>
        ToNhwc(F.batch_norm(ToNchw(x), _runningMeans[i], _runningVars[i], _gammas[i], _betas[i], training,
                            momentum: 0.01, eps: 1e-3));

    private static Tensor ToNchw(Tensor nhwc) => nhwc.permute(0, 3, 1, 2);

    private static Tensor ToNhwc(Tensor nchw) => nchw.permute(0, 2, 3, 1);
}
