using System;
using System.Linq;
using System.Text.Json;
using FluentAssertions;
using KerasSharp.Tests.Harness;
using Xunit;

namespace KerasSharp.Tests.Horovod;

/// <summary>
/// Horovod's learning-rate callbacks on 2 ranks (they read hvd.Size()), 5 steps per epoch; the learning rate and
/// momentum each batch starts with, worked out by hand from horovod/_keras/callbacks.py's formulas.
/// </summary>
public sealed class LearningRateCallbackTests
{
    [MpiFact]
    public void Schedule_and_warmup_set_the_rate_per_epoch_and_per_batch()
    {
        var run = MpiRun.Run("schedules");
        run.ExitCode.Should().Be(0, run.Output);
        foreach (var rank in run.Ranks)
        {
            var r = rank!.Value;
            double[] D(string name) => r.GetProperty(name).EnumerateArray().Select(v => v.GetDouble()).ToArray();
            // multiplier 0.5 from start_epoch 1 to end_epoch 3 (excluded), at batch 0: lr = 0.1 · 0.5^(epoch − 1);
            // epoch 0 keeps the optimizer's 0.1 and epoch 3 keeps epoch 2's 0.05.
            var lr = D("schedule_lr");
            lr.Should().HaveCount(20);
            lr.Take(10).Should().OnlyContain(v => v == 0.1);
            lr.Skip(10).Should().OnlyContain(v => Math.Abs(v - 0.05) < 1e-15);
            D("schedule_epoch_lr").Should().Equal(0.1, 0.1, 0.05, 0.05);
            // Momentum correction: 0.9 · new_lr / old_lr for the batch where the rate changes (0.45 at epoch 2's
            // batch 0; 0.9 · 0.1 / 0.1 at epoch 1's), restored to 0.9 when the batch ends.
            var momentum = D("schedule_momentum");
            momentum[10].Should().BeApproximately(0.45, 1e-15);
            momentum.Where((_, i) => i != 10).Should().OnlyContain(v => Math.Abs(v - 0.9) < 1e-15);
            D("schedule_momentum_after").Should().OnlyContain(v => Math.Abs(v - 0.9) < 1e-15);
            // Warmup: epoch' = epoch + (batch + 1) / 5, lr = 0.2 · 1/2 · (epoch' · (2 − 1) / 2 + 1) for epochs 0 and 1
            // (0.11, 0.12, ..., 0.2), then epoch 2 keeps the last rate, 0.2.
            var expected = Enumerable.Range(0, 10).Select(i => 0.2 * 0.5 * ((i / 5 + (i % 5 + 1) / 5.0) / 2 + 1))
                .Concat(Enumerable.Repeat(0.2, 5)).ToArray();
            D("warmup_lr").Zip(expected, (a, b) => Math.Abs(a - b)).Should().OnlyContain(d => d < 1e-12);
            D("warmup_lr").Should().HaveCount(15);
        }
    }
}
