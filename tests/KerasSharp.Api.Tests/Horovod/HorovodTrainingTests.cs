using System;
using System.Linq;
using System.Text.Json;
using FluentAssertions;
using HorovodTestHost;
using KerasSharp.Tests.Harness;
using Xunit;

namespace KerasSharp.Tests.Horovod;

/// <summary>One `mpirun -np 2` training of the test host's TinyProblem, shared by the checks below (the run takes seconds).</summary>
public sealed class TwoRankTraining
{
    private readonly Lazy<MpiRun.Result> _run = new(() => MpiRun.Run("train"));

    internal MpiRun.Result Result => _run.Value;
}

/// <summary>
/// Data-parallel training with hvd.DistributedOptimizer on 2 ranks, against one process in this test: the ranks start
/// from different seeds (1 and 2), BroadcastGlobalVariablesCallback(0) gives both rank 0's weights, and each rank
/// trains 5 steps of 32 on its half of each batch of 64.
/// </summary>
public sealed class HorovodTrainingTests : IClassFixture<TwoRankTraining>
{
    private readonly TwoRankTraining _training;

    public HorovodTrainingTests(TwoRankTraining training) => _training = training;

    private JsonElement Rank(int r)
    {
        var result = _training.Result;
        result.ExitCode.Should().Be(0, result.Output);
        return result.Ranks[r] ?? throw new InvalidOperationException($"rank {r} wrote no result: {result.Output}");
    }

    [MpiFact]
    public void Two_ranks_with_batch_32_end_with_the_weights_of_one_process_with_batch_64()
    {
        // The reference: one process, rank 0's seed, the whole batch of 64 per step, the same SGD.
        var model = TinyProblem.Model(seed: 1);
        model.Compile(optimizer: TinyProblem.Optimizer(), loss: "categorical_crossentropy", metrics: ["accuracy"]);
        var (x, y) = TinyProblem.Data();
        model.Fit(x, y, batch_size: TinyProblem.GlobalBatch, epochs: 1, verbose: 0, shuffle: false);
        var expected = model.Weights.Select(w => Tensors.Values(w.Value)).ToArray();
        model.Optimizer!.Iterations.Should().Be(5);

        for (int r = 0; r < 2; r++)
        {
            var final = MpiRun.Floats(Rank(r).GetProperty("final"));
            final.Should().HaveCount(4);
            for (int i = 0; i < 4; i++)
                final[i].Zip(expected[i], (a, b) => Math.Abs(a - b)).Max().Should().BeLessThan(1e-6f, $"rank {r}, weight {i}");
        }
        // The weights moved: the check compares a training, not the broadcast start.
        var start = MpiRun.Floats(Rank(0).GetProperty("initial"));
        start[0].Zip(expected[0], (a, b) => Math.Abs(a - b)).Max().Should().BeGreaterThan(1e-3f);
        // One fused MPI_Allreduce per step for the 4 weight tensors (5 steps), plus MetricAverageCallback's one at the epoch's end.
        for (int r = 0; r < 2; r++) Rank(r).GetProperty("allreduce_calls").GetInt64().Should().Be(6);
        Rank(0).GetProperty("size").GetInt32().Should().Be(2);
        Rank(1).GetProperty("local_rank").GetInt32().Should().Be(1, "both ranks run on this machine");
    }

    [MpiFact]
    public void BroadcastGlobalVariablesCallback_makes_ranks_with_different_seeds_start_equal()
    {
        // Before Fit the ranks' kernels differ (seeds 1 and 2); rank 0's is the one-process model's with seed 1.
        var initial0 = MpiRun.Floats(Rank(0).GetProperty("initial"));
        var initial1 = MpiRun.Floats(Rank(1).GetProperty("initial"));
        initial0[0].Zip(initial1[0], (a, b) => Math.Abs(a - b)).Max().Should().BeGreaterThan(0.1f);
        var reference = TinyProblem.Model(seed: 1).Weights.Select(w => Tensors.Values(w.Value)).ToArray();
        initial0[0].Should().Equal(reference[0]);
        // After the broadcast and the same averaged updates, the ranks hold identical weights, bit for bit.
        MpiRun.Floats(Rank(1).GetProperty("final")).Zip(MpiRun.Floats(Rank(0).GetProperty("final")))
            .Should().AllSatisfy(pair => pair.First.Should().Equal(pair.Second));
    }

    [MpiFact]
    public void MetricAverageCallback_logs_the_mean_of_the_ranks_metrics()
    {
        double Log(int r, string list, string name) => Rank(r).GetProperty(list)[0].GetProperty(name).GetDouble();
        foreach (var name in new[] { "loss", "accuracy" })
        {
            // Each rank's own epoch value (recorded before the callback) differs: they trained on different halves.
            Log(0, "raw_logs", name).Should().NotBe(Log(1, "raw_logs", name));
            var mean = (Log(0, "raw_logs", name) + Log(1, "raw_logs", name)) / 2;
            Log(0, "averaged_logs", name).Should().BeApproximately(mean, 1e-12, name);
            Log(1, "averaged_logs", name).Should().BeApproximately(mean, 1e-12, name);
        }
        // 160 samples per rank: accuracy is a multiple of 1/160 on each rank.
        (Log(0, "raw_logs", "accuracy") * 160).Should().BeApproximately(Math.Round(Log(0, "raw_logs", "accuracy") * 160), 1e-9);
    }
}
