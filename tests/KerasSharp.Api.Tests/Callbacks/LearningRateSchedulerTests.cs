using System.Collections.Generic;
using System.Linq;
using FluentAssertions;
using KerasSharp.Callbacks;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Optimizers;
using Xunit;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Callbacks;

public sealed class LearningRateSchedulerTests
{
    // The tutorial's schedule, as written (its `elif epoch > 100` branch can never run).
    private static double lr_schedule(int epoch)
    {
        var lrate = 0.001;
        if (epoch > 75) lrate = 0.0005;
        else if (epoch > 100) lrate = 0.0003;
        return lrate;
    }

    private sealed class LrProbe : Callback
    {
        public List<double> Seen { get; } = new();
        public override void OnEpochBegin(int epoch, Logs logs) => Seen.Add(Model!.Optimizer!.LearningRate);
    }

    [Fact]
    public void Tutorial_schedule_gives_1e3_until_epoch_75_then_5e4()
    {
        var model = new Sequential();
        model.Add(new Dense(1, input_shape: 2));
        model.Compile(new RMSprop(lr: 0.001, decay: 1e-6), "mse");
        var probe = new LrProbe();

        var history = model.Fit(zeros(4, 2), zeros(4, 1), epochs: 80, verbose: 0,
                                callbacks: [new LearningRateScheduler(lr_schedule), probe]);

        probe.Seen.Take(76).Should().OnlyContain(lr => lr == 0.001, "epochs 0-75");
        probe.Seen.Skip(76).Should().OnlyContain(lr => lr == 0.0005, "epochs 76-79");
        history.Values["lr"].Should().Equal(probe.Seen);
    }

    [Fact]
    public void Two_argument_schedule_receives_the_current_rate()
    {
        var model = new Sequential();
        model.Add(new Dense(1, input_shape: 2));
        model.Compile(new SGD(learning_rate: 0.1), "mse");
        var history = model.Fit(zeros(4, 2), zeros(4, 1), epochs: 3, verbose: 0,
                                callbacks: [new LearningRateScheduler((epoch, lr) => lr / 2)]);
        history.Values["lr"].Should().Equal(0.05, 0.025, 0.0125);
    }
}
