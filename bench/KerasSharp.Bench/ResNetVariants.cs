using System;
using System.Linq;
using KerasSharp.Models;
using KerasSharp.Optimizers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace KerasSharp.Bench;

/// <summary>The training batch of the ResNet comparison: the first 32 images of the synthetic batch (views, batch 32 as cifar10_resnet.py).</summary>
internal sealed class ResNetBatch : IDisposable
{
    public const int Size = 32;

    public ResNetBatch(SyntheticData data, int size = Size)
    {
        X = data.XNhwc.narrow(0, 0, size);
        YOneHot = data.YOneHot.narrow(0, 0, size);
        Labels = data.Labels.narrow(0, 0, size);
    }

    public Tensor X { get; }
    public Tensor YOneHot { get; }
    public Tensor Labels { get; }

    public void Dispose()
    {
        X.Dispose();
        YOneHot.Dispose();
        Labels.Dispose();
    }
}

/// <summary>
/// KerasSharp's ResNet20 v1 (<see cref="ResNetModel"/>, the Functional API) compiled as cifar10_resnet.py compiles it:
/// <c>Adam(lr=1e-3)</c>, categorical_crossentropy, metrics=['accuracy']; one <c>TrainOnBatch</c> of 32 per step,
/// <c>Predict(x, batch_size: 128)</c> for inference.
/// </summary>
internal sealed class ResNetKerasVariant : BenchVariant
{
    private readonly SyntheticData _data;
    private readonly ResNetBatch _batch;

    public ResNetKerasVariant(SyntheticData data)
    {
        _data = data;
        _batch = new ResNetBatch(data);
        Model = ResNetModel.ResNetV1((32, 32, 3), ResNetModel.Depth, BenchOptions.Classes);
        Model.Compile(new KerasSharp.Optimizers.Adam(lr: 1e-3), loss: "categorical_crossentropy", metrics: ["accuracy"]);
    }

    public Model Model { get; }

    public override string Name => "resnet-keras";

    public override string Description => "KerasSharp ResNet20 v1 (Functional API, cifar10_resnet.py), Adam(1e-3), TrainOnBatch of 32 / Predict";

    public override long ParameterCount => Model.CountParams();

    public override double TrainStep() => Model.TrainOnBatch(_batch.X, _batch.YOneHot)[0];

    public override long Infer()
    {
        using var predictions = Model.Predict(_data.InferNhwc, batch_size: BenchOptions.InferenceBatchSize);
        return predictions.shape[0];
    }

    public override void Dispose()
    {
        Model.Dispose();
        _batch.Dispose();
    }
}

/// <summary>
/// The same ResNet20 v1 on raw TorchSharp the Keras way (<see cref="NhwcResNet"/>) with the same step equations as
/// KerasSharp's: softmax, Keras's categorical cross-entropy (rows renormalised, clipped to [1e-7, 1 − 1e-7]) averaged
/// over the batch, plus Σ 1e-4·w² over the 21 conv kernels; backward; Keras's Adam written out
/// (m = β₁m + (1 − β₁)g, v = β₂v + (1 − β₂)g², p −= lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ)·m/(√v + 1e-7)); and the batch accuracy read
/// back with the loss, as TrainOnBatch returns [loss, acc]. Each step in <c>torch.NewDisposeScope()</c>.
/// </summary>
internal sealed class ResNetNhwcVariant : BenchVariant
{
    private const double LearningRate = 1e-3, Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-7;
    private const float WeightDecay = 1e-4f; // Keras keeps l2 as float32

    private readonly SyntheticData _data;
    private readonly ResNetBatch _batch;
    private readonly NhwcResNet _model;
    private readonly Parameter[] _parameters;
    private readonly Tensor[] _m, _v;
    private readonly Tensor[] _inferBatches;
    private long _iterations;

    public ResNetNhwcVariant(SyntheticData data, int batchSize = ResNetBatch.Size, bool kernelsHwio = false, bool kerasBatchNorm = false)
    {
        _data = data;
        _batch = new ResNetBatch(data, batchSize);
        _model = new NhwcResNet(kernelsHwio: kernelsHwio, kerasBatchNorm: kerasBatchNorm);
        _parameters = _model.parameters().ToArray();
        _m = _parameters.Select(p => torch.zeros_like(p)).ToArray();
        _v = _parameters.Select(p => torch.zeros_like(p)).ToArray();
        _inferBatches = Enumerable.Range(0, (int)(data.InferImages / BenchOptions.InferenceBatchSize))
            .Select(b => data.InferNhwc.narrow(0, b * BenchOptions.InferenceBatchSize, BenchOptions.InferenceBatchSize))
            .ToArray();
    }

    public override string Name => "resnet-nhwc" + (_model.KernelsHwio ? "-hwio" : "") + (_model.KerasBatchNorm ? "-kbn" : "");

    public override string Description =>
        "raw TorchSharp ResNet20 v1, Keras way (NHWC views" +
        (_model.KernelsHwio ? ", HWIO (Keras's) kernels viewed as OIHW" : ", OHWI kernels") +
        (_model.KerasBatchNorm ? ", KerasSharp's batch-norm recipe written out" : "") +
        "), Keras's loss, l2 and Adam written out, batch 32";

    public override long ParameterCount =>
        _model.parameters().Sum(p => p.numel()) + _model.buffers().Sum(b => b.numel());

    public override double TrainStep()
    {
        using var scope = torch.NewDisposeScope();
        ZeroGrad();
        var probabilities = Forward();
        var loss = Loss(probabilities);
        loss.backward();
        AdamStep();
        return ReadBack(loss, probabilities);
    }

    /// <summary>The step's phases, for the diagnostic (<see cref="ResNetDiagnostics"/>).</summary>
    internal void ZeroGrad()
    {
        _model.train();
        foreach (var p in _parameters) p.grad = null;
    }

    internal Tensor Forward() => F.softmax(_model.forward(_batch.X), 1);

    internal Tensor Loss(Tensor probabilities)
    {
        var p = (probabilities / probabilities.sum(-1, keepdim: true)).clamp(Epsilon, 1 - Epsilon);
        var loss = -(_batch.YOneHot * p.log()).sum(-1).mean();
        var kernels = _model.Kernels;
        var penalty = kernels[0].square().sum() * WeightDecay;
        for (int i = 1; i < kernels.Count; i++) penalty = penalty + kernels[i].square().sum() * WeightDecay;
        return loss + penalty;
    }

    /// <summary>The loss and the batch accuracy back on the host, as TrainOnBatch returns [loss, acc].</summary>
    internal double ReadBack(Tensor loss, Tensor probabilities)
    {
        using (torch.no_grad())
        {
            var accuracy = _batch.YOneHot.argmax(-1).eq(probabilities.argmax(-1)).to_type(float32).mean();
            accuracy.item<float>();
        }
        return loss.item<float>();
    }

    internal void AdamStep()
    {
        using var noGrad = torch.no_grad();
        var t = ++_iterations;
        var lrT = LearningRate * Math.Sqrt(1 - Math.Pow(Beta2, t)) / (1 - Math.Pow(Beta1, t));
        for (int i = 0; i < _parameters.Length; i++)
        {
            var g = _parameters[i].grad;
            if (g is null) continue;
            _m[i].mul_(Beta1).add_(g, alpha: 1 - Beta1);
            _v[i].mul_(Beta2).addcmul_(g, g, 1 - Beta2);
            _parameters[i].addcdiv_(_m[i], _v[i].sqrt().add_(Epsilon), -lrT);
        }
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
        foreach (var t in _m.Concat(_v).Concat(_inferBatches)) t.Dispose();
        _model.Dispose();
        _batch.Dispose();
    }
}
