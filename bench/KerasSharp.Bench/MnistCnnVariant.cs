using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Optimizers;
using TorchSharp;

namespace KerasSharp.Bench;

/// <summary>
/// (<c>mnist-keras</c>) Keras 2.2.4's examples/mnist_cnn.py model as a port writes it: Conv2D(32, 3, relu) on 28×28×1,
/// Conv2D(64, 3, relu), MaxPooling2D(2), Dropout(0.25), Flatten, Dense(128, relu), Dropout(0.5), Dense(10, softmax);
/// categorical_crossentropy, Adadelta() (lr 1.0, rho 0.95, epsilon K.epsilon() = 1e-7), metrics=['accuracy'].
/// One <c>TrainOnBatch</c> per step on a fixed random batch of 128 (the script's batch_size), <c>Predict(x,
/// batch_size: 128)</c> over the inference set. Its data (uniform 0..1, as the script's x / 255) is its own, drawn
/// from the seeded global generator; the tutorial's <see cref="SyntheticData"/> only gives the inference set's size.
/// bench/pytorch_step.py --model mnist_cnn is the same model in PyTorch.
/// </summary>
internal sealed class MnistCnnVariant : BenchVariant
{
    public const int BatchSize = 128;
    public const int Side = 28;

    private readonly Sequential _model;
    private readonly torch.Tensor _x;
    private readonly torch.Tensor _y;
    private readonly torch.Tensor _infer;

    public MnistCnnVariant(SyntheticData data)
    {
        _x = torch.rand(BatchSize, Side, Side, 1);
        _y = torch.nn.functional.one_hot(torch.randint(BenchOptions.Classes, new long[] { BatchSize }), BenchOptions.Classes).to_type(torch.float32);
        _infer = torch.rand(data.InferImages, Side, Side, 1);

        _model = new Sequential();
        _model.Add(new Conv2D(32, kernel_size: (3, 3), activation: "relu", input_shape: new long[] { Side, Side, 1 }));
        _model.Add(new Conv2D(64, (3, 3), activation: "relu"));
        _model.Add(new MaxPooling2D(pool_size: (2, 2)));
        _model.Add(new Dropout(0.25));
        _model.Add(new Flatten());
        _model.Add(new Dense(128, activation: "relu"));
        _model.Add(new Dropout(0.5));
        _model.Add(new Dense(BenchOptions.Classes, activation: "softmax"));
        _model.Compile(loss: "categorical_crossentropy", optimizer: new Adadelta(), metrics: ["accuracy"]);
    }

    public override string Name => "mnist-keras";

    public override string Description => "KerasSharp Sequential, mnist_cnn.py (Adadelta, batch 128, 28x28x1), TrainOnBatch / Predict";

    public override long ParameterCount => _model.CountParams();

    public override double TrainStep() => _model.TrainOnBatch(_x, _y)[0];

    public override long Infer()
    {
        using var predictions = _model.Predict(_infer, batch_size: BenchOptions.InferenceBatchSize);
        return predictions.shape[0];
    }

    public override void Dispose()
    {
        _model.Dispose();
        _x.Dispose();
        _y.Dispose();
        _infer.Dispose();
    }
}
