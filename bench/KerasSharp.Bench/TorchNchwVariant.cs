using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace KerasSharp.Bench;

/// <summary>
/// (b) Raw TorchSharp, the torch way: NCHW contiguous inputs, torch.nn modules (Conv2d padding 1, ELU,
/// BatchNorm2d(momentum 0.01, eps 1e-3), MaxPool2d, Dropout, Flatten in C,H,W order, Linear), log_softmax + nll,
/// torch.optim.RMSprop(lr 0.001, alpha 0.9, eps 1e-7) with Keras's lr/(1 + 1e-6·t) decay, and Keras's L2 penalty
/// sum(1e-4·w²) over the conv kernels added to the loss. Each step runs in its own dispose scope.
/// </summary>
internal sealed class TorchNchwVariant : BenchVariant
{
    private const double WeightDecay = 1e-4;
    private const double LearningRate = 0.001;
    private const double Decay = 1e-6;

    private readonly SyntheticData _data;
    private readonly Sequential _model;
    private readonly List<Parameter> _kernels;
    private readonly optim.Optimizer _optimizer;
    private readonly Tensor[] _inferBatches;
    private long _iterations;

    public TorchNchwVariant(SyntheticData data)
    {
        _data = data;
        _model = BuildModel();
        _kernels = _model.named_parameters()
                         .Where(p => p.name.StartsWith("conv", System.StringComparison.Ordinal) && p.name.EndsWith(".weight", System.StringComparison.Ordinal))
                         .Select(p => p.parameter).ToList();
        _optimizer = optim.RMSProp(_model.parameters(), lr: LearningRate, alpha: 0.9, eps: 1e-7);
        _inferBatches = Enumerable.Range(0, (int)(data.InferImages / BenchOptions.InferenceBatchSize))
            .Select(b => data.InferNchw.narrow(0, b * BenchOptions.InferenceBatchSize, BenchOptions.InferenceBatchSize))
            .ToArray();
    }

    /// <summary>The tutorial model as torch.nn modules, NCHW.</summary>
    internal static Sequential BuildModel()
    {
        var modules = new List<(string, nn.Module<Tensor, Tensor>)>();
        long inChannels = BenchOptions.Channels;
        int conv = 0;
        foreach (var (filters, dropout) in new[] { (32L, 0.2), (64L, 0.3), (128L, 0.4) })
        {
            for (int j = 0; j < 2; j++)
            {
                conv++;
                modules.Add(($"conv{conv}", nn.Conv2d(inChannels, filters, 3, padding: 1)));
                modules.Add(($"elu{conv}", nn.ELU()));
                modules.Add(($"bn{conv}", nn.BatchNorm2d(filters, eps: 1e-3, momentum: 0.01)));
                inChannels = filters;
            }
            modules.Add(($"pool{conv / 2}", nn.MaxPool2d(2)));
            modules.Add(($"drop{conv / 2}", nn.Dropout(dropout)));
        }
        modules.Add(("flatten", nn.Flatten()));
        modules.Add(("dense", nn.Linear(128 * 4 * 4, BenchOptions.Classes)));
        return nn.Sequential(modules);
    }

    public override string Name => "nchw";

    public override string Description => "raw TorchSharp, torch.nn modules, NCHW contiguous";

    public override long ParameterCount =>
        _model.parameters().Sum(p => p.numel()) + _model.buffers().Where(b => b.dtype == float32).Sum(b => b.numel());

    public override double TrainStep()
    {
        using var scope = torch.NewDisposeScope();
        _model.train();
        _optimizer.zero_grad();
        var logits = _model.forward(_data.XNchw);
        var loss = F.nll_loss(F.log_softmax(logits, 1), _data.Labels) + L2Penalty(_kernels);
        loss.backward();
        SetLearningRate(_optimizer, LearningRate / (1.0 + Decay * _iterations++));
        _optimizer.step();
        return loss.item<float>();
    }

    public override long Infer()
    {
        _model.eval();
        long seen = 0;
        using var noGrad = torch.no_grad();
        foreach (var batch in _inferBatches)
        {
            using var scope = torch.NewDisposeScope();
            var probabilities = F.softmax(_model.forward(batch), 1);
            seen += probabilities.shape[0];
        }
        return seen;
    }

    public override void Dispose()
    {
        _optimizer.Dispose();
        _model.Dispose();
    }

    /// <summary>Keras's l2(1e-4) on each kernel: sum(1e-4·w²), summed over the kernels.</summary>
    internal static Tensor L2Penalty(IReadOnlyList<Tensor> kernels)
    {
        var total = kernels[0].square().sum();
        for (int i = 1; i < kernels.Count; i++) total = total + kernels[i].square().sum();
        return total * WeightDecay;
    }

    /// <summary>Keras 2's legacy decay, applied by setting the group's learning rate before the step.</summary>
    internal static void SetLearningRate(optim.Optimizer optimizer, double lr)
    {
        foreach (var group in optimizer.ParamGroups) group.LearningRate = lr;
    }
}
