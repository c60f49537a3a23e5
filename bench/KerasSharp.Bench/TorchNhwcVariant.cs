using System.Linq;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace KerasSharp.Bench;

/// <summary>
/// (c) Raw TorchSharp the "Keras way" (<see cref="NhwcNet"/>): NHWC activations as channels-last NCHW views, OHWI
/// kernels (or Keras's HWIO for the nhwc-hwio diagnostic), Flatten in H,W,C order. Same loss, penalty, optimizer and
/// step structure as <see cref="TorchNchwVariant"/>.
/// </summary>
internal sealed class TorchNhwcVariant : BenchVariant
{
    private const double LearningRate = 0.001;
    private const double Decay = 1e-6;

    private readonly SyntheticData _data;
    private readonly NhwcNet _model;
    private readonly optim.Optimizer _optimizer;
    private readonly Tensor[] _inferBatches;
    private long _iterations;

    public TorchNhwcVariant(SyntheticData data, bool kernelsOhwi)
    {
        _data = data;
        _model = new NhwcNet(kernelsOhwi);
        _optimizer = optim.RMSProp(_model.parameters(), lr: LearningRate, alpha: 0.9, eps: 1e-7);
        _inferBatches = Enumerable.Range(0, (int)(data.InferImages / BenchOptions.InferenceBatchSize))
            .Select(b => data.InferNhwc.narrow(0, b * BenchOptions.InferenceBatchSize, BenchOptions.InferenceBatchSize))
            .ToArray();
    }

    public override string Name => _model.KernelsOhwi ? "nhwc" : "nhwc-hwio";

    public override string Description => _model.KernelsOhwi
        ? "raw TorchSharp, Keras way: NHWC views, OHWI kernels"
        : "raw TorchSharp, Keras way: NHWC views, HWIO (Keras) kernels";

    public override long ParameterCount =>
        _model.parameters().Sum(p => p.numel()) + _model.buffers().Sum(b => b.numel());

    public override double TrainStep()
    {
        using var scope = torch.NewDisposeScope();
        _model.train();
        _optimizer.zero_grad();
        var logits = _model.forward(_data.XNhwc);
        var loss = F.nll_loss(F.log_softmax(logits, 1), _data.Labels) + TorchNchwVariant.L2Penalty(_model.Kernels);
        loss.backward();
        TorchNchwVariant.SetLearningRate(_optimizer, LearningRate / (1.0 + Decay * _iterations++));
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
}
