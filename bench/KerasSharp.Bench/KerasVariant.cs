using System.Collections.Generic;
using System.Linq;
using KerasSharp.Models;
using KerasSharp.Optimizers;
using TorchSharp;

namespace KerasSharp.Bench;

/// <summary>
/// (a) KerasSharp as a port writes it: the tutorial's model (../shared/reference/cifar10_keras2.py) as a
/// <c>Sequential</c> (<c>keras</c>) or built with the Functional API (<c>keras-functional</c>, the same layers called on
/// <c>Input(shape: (32, 32, 3))</c>, <c>new Model(inputs, outputs)</c>); RMSprop(lr=0.001, decay=1e-6),
/// categorical_crossentropy, metrics=['accuracy']; one <c>TrainOnBatch</c> per step and
/// <c>Predict(x, batch_size: 128)</c> for inference.
/// </summary>
internal sealed class KerasVariant : BenchVariant
{
    private readonly SyntheticData _data;

    public KerasVariant(SyntheticData data, bool functional)
    {
        _data = data;
        Functional = functional;
        Model = functional ? TutorialFunctional.Build(BenchOptions.Classes) : BuildTutorialModel();
        Model.Compile(new RMSprop(lr: 0.001, decay: 1e-6), loss: "categorical_crossentropy", metrics: ["accuracy"]);
    }

    public Model Model { get; }

    public bool Functional { get; }

    public override string Name => Functional ? "keras-functional" : "keras";

    public override string Description => Functional
        ? "KerasSharp Functional API (Input ... new Model(inputs, outputs)), TrainOnBatch / Predict (NHWC surface)"
        : "KerasSharp Sequential, TrainOnBatch / Predict (NHWC surface)";

    public override long ParameterCount => Model.CountParams();

    public override double TrainStep() => Model.TrainOnBatch(_data.XNhwc, _data.YOneHot)[0];

    public override long Infer()
    {
        using var predictions = Model.Predict(_data.InferNhwc, batch_size: BenchOptions.InferenceBatchSize);
        return predictions.shape[0];
    }

    /// <summary>The Sequential and the functional tutorial model, built after the same seed, must start from the same weights.</summary>
    public override IEnumerable<string> Check(IReadOnlyList<BenchVariant> all)
    {
        if (!Functional || all.OfType<KerasVariant>().FirstOrDefault(v => !v.Functional) is not { } sequential) yield break;
        var mine = Model.Weights.Select(v => v.Value).ToList();
        var theirs = sequential.Model.Weights.Select(v => v.Value).ToList();
        bool same;
        using (torch.no_grad())
            same = mine.Count == theirs.Count && mine.Zip(theirs).All(p => p.First.shape.SequenceEqual(p.Second.shape) && p.First.eq(p.Second).all().item<bool>());
        yield return same
            ? $"{Name} and {sequential.Name} start from identical weights ({mine.Count} tensors, built after the same seed)."
            : $"WARNING: {Name} and {sequential.Name} do NOT start from identical weights.";
    }

    public override void Dispose() => Model.Dispose();

    /// <summary>The tutorial's model, line for line: the test suite's builder, linked in (one copy of it).</summary>
    public static Sequential BuildTutorialModel() => KerasSharp.Tests.Harness.TutorialModel.Build(BenchOptions.Classes);
}
