using System.Collections.Generic;
using FluentAssertions;
using KerasSharp.Callbacks;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Optimizers;
using Xunit;

namespace KerasSharp.Tests.Callbacks;

/// <summary>ReduceLROnPlateau's learning rates on scripted val_loss sequences (Keras 2.3.1 rules, by hand).</summary>
public sealed class ReduceLROnPlateauTests
{
    private static List<double> Rates(ReduceLROnPlateau callback, double[] values, double lr = 1.0)
    {
        var model = new Sequential();
        model.Add(new Dense(1, input_shape: 2));
        model.Compile(new SGD(learning_rate: lr), "mse");
        callback.SetModel(model);
        callback.OnTrainBegin(new Logs());
        var rates = new List<double>();
        for (int epoch = 0; epoch < values.Length; epoch++)
        {
            var logs = new Logs { ["val_loss"] = values[epoch] };
            callback.OnEpochEnd(epoch, logs);
            logs["lr"].Should().Be(rates.Count == 0 ? lr : rates[^1], "logs carry the rate the epoch ran with");
            rates.Add(model.Optimizer!.LearningRate);
        }
        return rates;
    }

    [Fact]
    public void Reduces_after_patience_then_waits_out_the_cooldown()
    {
        // patience 2, factor 0.5, cooldown 1: epochs 1-2 do not improve on 1.0 -> halve after epoch 2; epoch 3 is
        // cooldown (its counter drops to 0, so the wait starts again at once); epochs 3-4 -> halve after epoch 4.
        var rates = Rates(new ReduceLROnPlateau(factor: 0.5, patience: 2, cooldown: 1), new[] { 1.0, 1.0, 1.0, 1.0, 1.0, 1.0 });
        rates.Should().Equal(1.0, 1.0, 0.5, 0.5, 0.25, 0.25);
    }

    [Fact]
    public void Never_goes_below_min_lr_and_improvements_reset_the_wait()
    {
        var rates = Rates(new ReduceLROnPlateau(factor: 0.1, patience: 1, min_lr: 0.05, min_delta: 0), new[] { 1.0, 0.9, 0.95, 0.97, 0.99 });
        rates.Should().Equal(1.0, 1.0, 0.1, 0.05, 0.05);
    }
}
