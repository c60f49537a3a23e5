using KerasSharp.Backend;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Optimizers;
using KerasSharp.Regularizers;

namespace KerasSharp.Bench;

/// <summary>
/// (a) KerasSharp as a port writes it: the tutorial's Sequential model (../shared/reference/cifar10_keras2.py),
/// RMSprop(lr=0.001, decay=1e-6), categorical_crossentropy, metrics=['accuracy']; one <c>TrainOnBatch</c> per step and
/// <c>Predict(x, batch_size: 128)</c> for inference.
/// </summary>
internal sealed class KerasVariant : BenchVariant
{
    private readonly SyntheticData _data;

    public KerasVariant(SyntheticData data)
    {
        _data = data;
        Model = BuildTutorialModel();
        Model.Compile(new RMSprop(lr: 0.001, decay: 1e-6), loss: "categorical_crossentropy", metrics: ["accuracy"]);
    }

    public Sequential Model { get; }

    public override string Name => "keras";

    public override string Description => "KerasSharp Sequential, TrainOnBatch / Predict (NHWC surface)";

    public override long ParameterCount => Model.CountParams();

    public override double TrainStep() => Model.TrainOnBatch(_data.XNhwc, _data.YOneHot)[0];

    public override long Infer()
    {
        using var predictions = Model.Predict(_data.InferNhwc, batch_size: BenchOptions.InferenceBatchSize);
        return predictions.shape[0];
    }

    public override void Dispose() => Model.Dispose();

    /// <summary>The tutorial's model, line for line: the test suite's builder, linked in (one copy of it).</summary>
    public static Sequential BuildTutorialModel() => KerasSharp.Tests.Harness.TutorialModel.Build(BenchOptions.Classes);
}
