using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using FluentAssertions;
using KerasSharp.Tests.Harness;
using Xunit;

namespace KerasSharp.Tests.Examples;

/// <summary>
/// The ports of Horovod's examples/keras scripts run on 2 ranks (mpirun) for one epoch on a few samples of the small
/// mnist.npz of Goldens/datasets, in a temporary KERAS_HOME and working directory (rank 0 writes the checkpoints there).
/// </summary>
public sealed class HorovodExamplesTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("kerassharp-horovod-examples");
    private readonly TempKerasHome _home = new();

    public HorovodExamplesTests() => _home.AddDatasets();

    public void Dispose()
    {
        _home.Dispose();
        _dir.Delete(recursive: true);
    }

    [MpiFact]
    public void Keras_mnist_trains_on_two_ranks_that_end_with_the_same_model()
    {
        var run = MpiRun.Run("keras_mnist", ["--epochs", "1", "--samples", "64"], _dir.FullName);
        run.ExitCode.Should().Be(0, run.Output);
        Regex.Matches(run.Output, Regex.Escape("x_train shape: (64, 28, 28, 1)")).Should().HaveCount(2, "each rank prints it");
        Regex.Matches(run.Output, "Epoch 1/1").Should().HaveCount(1, "only rank 0 is verbose");
        // Only rank 0 saves checkpoints.
        Directory.GetFiles(_dir.FullName).Select(Path.GetFileName).Should().Equal("checkpoint-1.h5");
        var scores = run.Ranks.Select(r => r!.Value.GetProperty("score").EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        // The same test set on identical weights (broadcast start, averaged updates): the same score on both ranks.
        scores[1][0].Should().BeApproximately(scores[0][0], 1e-6);
        scores[1][1].Should().Be(scores[0][1]);
        // The ranks trained on the same 64 samples with their own dropout masks: their epoch losses differ.
        double Loss(int r) => run.Ranks[r]!.Value.GetProperty("history").GetProperty("loss")[0].GetDouble();
        Loss(0).Should().NotBe(Loss(1));
        run.Output.Should().Contain($"Test loss: {scores[0][0]}");
    }

    [MpiFact]
    public void Keras_mnist_advanced_warms_the_learning_rate_up_and_averages_the_metrics()
    {
        // 40 samples in batches of 16: train_batches = 2, so steps_per_epoch = 2 // 2 = 1; test_batches = 2, so
        // validation_steps = 3·2 // 2 = 3, the Sequence's length (ceil(40 / 16)) — KerasSharp's Sequence adapter does
        // not cycle past its length as Keras's OrderedEnqueuer does.
        var run = MpiRun.Run("keras_mnist_advanced", ["--epochs", "1", "--samples", "40", "--batch-size", "16"], _dir.FullName);
        run.ExitCode.Should().Be(0, run.Output);
        Directory.GetFiles(_dir.FullName).Select(Path.GetFileName).Should().Equal("checkpoint-1.h5");
        foreach (var rank in run.Ranks)
        {
            var history = rank!.Value.GetProperty("history");
            // Warmup at the epoch's only batch: epoch 0 + 1/1 → lr = 2.0 (1.0 · size) · 1/2 · (1 · (2 − 1) / 5 + 1) = 1.2.
            history.GetProperty("lr")[0].GetDouble().Should().BeApproximately(1.2, 1e-12);
            // MetricAverageCallback: the same (averaged) loss and val_loss on both ranks.
            foreach (var name in new[] { "loss", "val_loss" })
                history.GetProperty(name)[0].GetDouble().Should().Be(run.Ranks[0]!.Value.GetProperty("history").GetProperty(name)[0].GetDouble());
        }
    }
}
