using System;
using System.Collections.Generic;
using System.Linq;
using FluentAssertions;
using KerasSharp.Backend;
using KerasSharp.Callbacks;
using KerasSharp.Datasets;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Optimizers;
using KerasSharp.Tests.Harness;
using KerasSharp.Utils;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Models;

public sealed class TrainingTests
{
    /// <summary>Counts live tensors after each epoch.</summary>
    private sealed class LiveTensorProbe : Callback
    {
        public List<long> AfterEpoch { get; } = new();
        public override void OnEpochEnd(int epoch, Logs logs) =>
            AfterEpoch.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [CifarFact]
    public void Tutorial_model_learns_on_2000_cifar_images_and_leaks_no_tensors()
    {
        KerasBackend.ClearSession();
        KerasBackend.SetSeed(1);
        var (x, y) = CifarSubset.Load(2000);
        var model = TutorialModel.Build();
        model.Compile(new RMSprop(lr: 0.001, decay: 1e-6), "categorical_crossentropy", ["accuracy"]);
        var probe = new LiveTensorProbe();

        var history = model.Fit(x, y, batch_size: 64, epochs: 4, verbose: 0, callbacks: [probe]);

        var loss = history.Values["loss"];
        loss.Should().HaveCount(4);
        loss[1].Should().BeLessThan(loss[0], "two epochs of RMSprop lower the training loss");
        history.Values["accuracy"][1].Should().BeGreaterThan(0.2, "well above the 10% of chance after two epochs");
        probe.AfterEpoch.Skip(1).Should().AllBeEquivalentTo(probe.AfterEpoch[1], "the live tensor count stays flat after the first epoch");
    }

    [Fact]
    public void Same_seed_gives_bit_identical_weights()
    {
        float[] Run()
        {
            KerasBackend.SetSeed(42);
            var x = rand(96, 6, 6, 2);
            var y = NpUtils.ToCategorical(randint(0, 3, 96), 3);
            var model = new Sequential();
            model.Add(new Conv2D(4, (3, 3), padding: "same", input_shape: (6, 6, 2)));
            model.Add(new BatchNormalization());
            model.Add(new Dropout(0.5));
            model.Add(new Flatten());
            model.Add(new Dense(3, activation: "softmax"));
            model.Compile("adam", "categorical_crossentropy");
            model.Fit(x, y, batch_size: 16, epochs: 2, verbose: 0);
            return model.GetWeights().SelectMany(Tensors.Values).ToArray();
        }

        Run().Should().Equal(Run());
    }

    [Fact]
    public void History_has_Keras_keys_with_validation()
    {
        KerasBackend.SetSeed(3);
        var x = rand(40, 5);
        var y = NpUtils.ToCategorical(randint(0, 2, 40), 2);
        var model = new Sequential();
        model.Add(new Dense(2, activation: "softmax", input_shape: 5));
        model.Compile("sgd", "categorical_crossentropy", ["accuracy"]);

        var history = model.Fit(x, y, batch_size: 8, epochs: 3, verbose: 0, validation_split: 0.25);

        history.Values.Keys.Should().Equal("loss", "accuracy", "val_loss", "val_accuracy");
        history.Epoch.Should().Equal(0, 1, 2);
        var evaluated = model.Evaluate(x[30..], y[30..], verbose: 0);
        history.Values["val_loss"][2].Should().BeApproximately(evaluated[0], 1e-6, "validation_split holds out the last 25%");
        history.Values["val_accuracy"][2].Should().BeApproximately(evaluated[1], 1e-6);
    }

    [Fact]
    public void Epoch_loss_is_the_sample_weighted_mean_of_batch_losses()
    {
        KerasBackend.SetSeed(5);
        var x = rand(10, 3);
        var y = rand(10, 1);
        var model = new Sequential();
        model.Add(new Dense(1, input_shape: 3));
        model.Compile(new SGD(learning_rate: 0.0), "mse"); // lr 0: weights fixed, so each batch loss is known
        var batchLosses = new List<(double Loss, double Size)>();
        var recorder = new LambdaBatchRecorder(batchLosses);

        var history = model.Fit(x, y, batch_size: 4, epochs: 1, verbose: 0, shuffle: false, callbacks: [recorder]);

        batchLosses.Select(b => b.Size).Should().Equal(4, 4, 2);
        var expected = batchLosses.Sum(b => b.Loss * b.Size) / 10;
        history.Values["loss"][0].Should().BeApproximately(expected, 1e-9);
        model.Evaluate(x, y, batch_size: 4, verbose: 0)[0].Should().BeApproximately(expected, 1e-6);
    }

    private sealed class LambdaBatchRecorder(List<(double Loss, double Size)> sink) : Callback
    {
        public override void OnTrainBatchEnd(int batch, Logs logs) => sink.Add((logs["loss"], logs["size"]));
    }

    [Fact]
    public void Class_weight_scales_each_sample_loss()
    {
        KerasBackend.SetSeed(9);
        var x = rand(6, 3);
        var labels = tensor(new long[] { 0, 1, 0, 1, 1, 0 });
        var y = NpUtils.ToCategorical(labels, 2);
        var model = new Sequential();
        model.Add(new Dense(2, activation: "softmax", input_shape: 3));
        model.Compile(new SGD(learning_rate: 0.0), "categorical_crossentropy");
        var perSample = new KerasSharp.Losses.CategoricalCrossentropy().Call(y, model.Predict(x));
        var weights = tensor(new float[] { 1, 3, 1, 3, 3, 1 });
        var expected = (perSample * weights).sum().item<float>() / 6;

        var loss = model.TrainOnBatch(x, y, class_weight: new Dictionary<int, double> { [0] = 1, [1] = 3 })[0];

        loss.Should().BeApproximately(expected, 1e-6);
    }
}
