using System.Collections.Generic;
using System.Linq;
using FluentAssertions;
using KerasSharp.Callbacks;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Tests.Harness;
using Xunit;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Callbacks;

/// <summary>EarlyStopping on scripted metric sequences, against Keras 2.3.1's rules worked out by hand.</summary>
public sealed class EarlyStoppingTests
{
    private static Sequential Model()
    {
        var model = new Sequential();
        model.Add(new Dense(1, input_shape: 2));
        model.Compile("sgd", "mse");
        return model;
    }

    /// <summary>Feeds val_loss values epoch by epoch until the callback stops training; returns the epochs run.</summary>
    private static int Run(Callback callback, Sequential model, IReadOnlyList<double> values, System.Action<int>? beforeEpochEnd = null)
    {
        callback.SetModel(model);
        callback.OnTrainBegin(new Logs());
        model.StopTraining = false;
        for (int epoch = 0; epoch < values.Count; epoch++)
        {
            beforeEpochEnd?.Invoke(epoch);
            callback.OnEpochEnd(epoch, new Logs { ["loss"] = 1.0, ["val_loss"] = values[epoch] });
            if (model.StopTraining) return epoch + 1;
        }
        return values.Count;
    }

    [Fact]
    public void Stops_after_patience_epochs_without_improvement()
    {
        var callback = new EarlyStopping(patience: 2);
        // Best 0.5 at epoch 1; epochs 2 and 3 do not improve: stop after epoch 3.
        Run(callback, Model(), new[] { 0.9, 0.5, 0.6, 0.55, 0.1 }).Should().Be(4);
        callback.StoppedEpoch.Should().Be(3);
    }

    [Fact]
    public void Min_delta_and_baseline_count_as_in_Keras()
    {
        // Improvements must exceed min_delta 0.1: 0.85 and 0.8 are not better than 0.9 - 0.1.
        Run(new EarlyStopping(patience: 2, min_delta: 0.1), Model(), new[] { 0.9, 0.85, 0.8, 0.1 }).Should().Be(3);
        // With a baseline of 0.3, nothing above it counts as an improvement.
        Run(new EarlyStopping(patience: 1, baseline: 0.3), Model(), new[] { 0.5, 0.4, 0.2 }).Should().Be(1);
        // 'accuracy' is maximised in mode 'auto'.
        var acc = new EarlyStopping(monitor: "val_accuracy", patience: 1);
        acc.Maximize.Should().BeTrue();
    }

    [Fact]
    public void Restores_the_weights_of_the_best_epoch()
    {
        var model = Model();
        var snapshots = new List<float[]>();
        var callback = new EarlyStopping(patience: 2, restore_best_weights: true);
        Run(callback, model, new[] { 0.9, 0.4, 0.6, 0.7 }, epoch =>
        {
            model.SetWeights(new[] { full(2, 1, (float)epoch), full(1, (float)epoch) });
            snapshots.Add(Tensors.Values(model.GetWeights()[0]));
        });
        Tensors.Values(model.GetWeights()[0]).Should().Equal(snapshots[1], "epoch 1 had the best val_loss");
    }
}
