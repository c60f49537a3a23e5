using FluentAssertions;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Optimizers;
using KerasSharp.Tests.Harness;
using Xunit;
using static KerasSharp.Layers.LayerFunctions;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Layers.Normalization;

/// <summary>
/// Keras 2.2.4's model.updates: a BatchNormalization that was frozen (itself, or inside a model that was) when its
/// model was compiled keeps its moving statistics in training, though it still normalizes with the batch's.
/// </summary>
public sealed class FrozenBatchNormalizationTests
{
    // One feature, batch [1, 3]: batch mean 2; momentum 0.5 moves moving_mean from 0 to 0.5·0 + 0.5·2 = 1.
    private static Tensor X => tensor(new float[] { 1, 3 }, 2, 1);
    private static Tensor Y => tensor(new float[] { 0, 0 }, 2, 1);

    private static float MovingMean(BatchNormalization bn) => Tensors.Values(bn.Weights[2].Value)[0];

    [Fact]
    public void A_frozen_layer_keeps_its_moving_statistics_and_a_trainable_one_updates_them()
    {
        var bn = new BatchNormalization(momentum: 0.5, input_shape: 1);
        var model = new Sequential();
        model.Add(bn);
        model.Compile(new SGD(lr: 0.1), loss: "mse");
        model.TrainOnBatch(X, Y);
        MovingMean(bn).Should().BeApproximately(1, 1e-6f, "a trainable layer updates: 0.5·0 + 0.5·2");

        bn.Trainable = false;
        model.Compile(new SGD(lr: 0.1), loss: "mse");
        model.TrainOnBatch(X, Y);
        MovingMean(bn).Should().Be(1, "frozen when compiled: no update");
        // It still normalizes with the batch's statistics in training: [1, 3] → x̂ = [-1, 1]/√(1 + 0.001), so the mse
        // against zeros is γ²/1.001 + β². The first (trainable) step moved γ by −0.1·2γ/1.001 from 1 and left β at 0.
        var gamma = 1 - 0.1 * 2 / 1.001;
        model.TrainOnBatch(X, Y)[0].Should().BeApproximately(gamma * gamma / 1.001, 1e-5, "training uses the batch's statistics");
        model.TestOnBatch(X, Y)[0].Should().NotBeApproximately(gamma * gamma / 1.001, 1e-3, "evaluation uses the moving ones");
    }

    [Fact]
    public void A_model_frozen_inside_another_keeps_its_layers_statistics_there_only()
    {
        // The GAN recipe: the discriminator compiled while trainable, then frozen inside the combined model.
        var bn = new BatchNormalization(momentum: 0.5);
        var input = Input(shape: 1);
        var discriminator = new Model(input, bn.Apply(input));
        discriminator.Compile(new SGD(lr: 0.1), loss: "mse");
        discriminator.Trainable = false;
        var outer = Input(shape: 1);
        var combined = new Model(outer, discriminator.Apply(new Dense(1, kernel_initializer: "ones").Apply(outer)));
        combined.Compile(new SGD(lr: 0.1), loss: "mse");

        combined.TrainOnBatch(X, Y);
        MovingMean(bn).Should().Be(0, "the combined model was compiled with the discriminator frozen");
        discriminator.TrainOnBatch(X, Y);
        MovingMean(bn).Should().BeApproximately(1, 1e-6f, "the discriminator was compiled while trainable");
    }
}
