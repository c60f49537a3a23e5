using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using HorovodTestHost;
using KerasSharp.Callbacks;
using KerasSharp.Datasets;
using KerasSharp.Horovod.Callbacks;
using static TorchSharp.torch;
using hvd = KerasSharp.Horovod.Hvd;

// usage: HorovodTestHost <train|kill|throw|mismatch|exit|schedules|collectives|keras_mnist|keras_mnist_advanced> OUTDIR [example args]
var (scenario, output) = (args[0], args[1]);
hvd.Init();
var rank = hvd.Rank();
var results = new Dictionary<string, object> { ["size"] = hvd.Size(), ["rank"] = rank, ["local_rank"] = hvd.LocalRank() };

float[][] Weights(KerasSharp.Models.Model m) => m.Weights.Select(w => w.Value.detach().reshape(-1).data<float>().ToArray()).ToArray();

switch (scenario)
{
    case "train" or "kill" or "throw" or "mismatch":
    {
        // Different seeds: only the broadcast from rank 0 makes the ranks start equal.
        var model = TinyProblem.Model(seed: 1 + rank, hidden: scenario == "mismatch" && rank == 1 ? 9 : 8);
        model.Compile(optimizer: hvd.DistributedOptimizer(TinyProblem.Optimizer()), loss: "categorical_crossentropy", metrics: ["accuracy"]);
        results["initial"] = Weights(model);
        var (x, y) = TinyProblem.Shard(rank, hvd.Size());
        var raw = new List<Dictionary<string, double>>();
        var averaged = new List<Dictionary<string, double>>();
        var callbacks = new List<Callback>
        {
            new LambdaCallback(on_epoch_end: (_, logs) => raw.Add(logs.ToDictionary())),
            new BroadcastGlobalVariablesCallback(0),
            new MetricAverageCallback(),
            new LambdaCallback(on_epoch_end: (_, logs) => averaged.Add(logs.ToDictionary())),
        };
        if (rank == 1 && scenario is "kill" or "throw")
            callbacks.Add(new LambdaCallback(on_batch_begin: (batch, _) =>
            {
                if (batch < 2) return;
                Console.Error.WriteLine($"test host: rank 1 {(scenario == "kill" ? "kills itself" : "throws")} at batch {batch}");
                if (scenario == "kill") Process.GetCurrentProcess().Kill();
                throw new InvalidOperationException("injected failure at batch 2");
            }));
        model.Fit(x, y, batch_size: TinyProblem.GlobalBatch / hvd.Size(), epochs: scenario == "train" ? 1 : 50, verbose: 0, shuffle: false, callbacks: callbacks);
        results["final"] = Weights(model);
        results["allreduce_calls"] = KerasSharp.Horovod.Collectives.AllreduceCount;
        results["raw_logs"] = raw;
        results["averaged_logs"] = averaged;
        break;
    }
    case "exit":
    {
        // Rank 1 leaves with an error code, as a port's Main does when it catches an exception; rank 0 waits in a collective.
        if (rank == 1) return 3;
        hvd.Allreduce(ones(2));
        break;
    }
    case "schedules":
    {
        var (x, y) = TinyProblem.Shard(rank, hvd.Size());
        // A staircase schedule with momentum correction: ×0.5 per epoch from epoch 1 to 2, on SGD(0.1, momentum 0.9).
        var model = TinyProblem.Model(seed: 1);
        var sgd = TinyProblem.Optimizer();
        model.Compile(optimizer: hvd.DistributedOptimizer(sgd), loss: "categorical_crossentropy");
        var (lr, momentum, restored) = (new List<double>(), new List<double>(), new List<double>());
        var history = model.Fit(x, y, batch_size: 32, epochs: 4, verbose: 0, shuffle: false, callbacks:
        [
            new LearningRateScheduleCallback(initial_lr: 0.1, multiplier: 0.5, start_epoch: 1, end_epoch: 3),
            new LambdaCallback(on_batch_begin: (_, _) => { lr.Add(sgd.LearningRate); momentum.Add(sgd.Momentum); },
                               on_batch_end: (_, _) => restored.Add(sgd.Momentum)),
        ]);
        (results["schedule_lr"], results["schedule_momentum"], results["schedule_momentum_after"]) = (lr, momentum, restored);
        results["schedule_epoch_lr"] = history.Values["lr"].ToArray();
        // The warmup (per batch, steps_per_epoch found from the fit) from 0.2 / size to 0.2 over 2 epochs.
        var warm = TinyProblem.Model(seed: 1);
        var adam = new KerasSharp.Optimizers.Adam();
        warm.Compile(optimizer: hvd.DistributedOptimizer(adam), loss: "categorical_crossentropy");
        var warmLr = new List<double>();
        warm.Fit(x, y, batch_size: 32, epochs: 3, verbose: 0, shuffle: false, callbacks:
        [
            new LearningRateWarmupCallback(initial_lr: 0.2, warmup_epochs: 2),
            new LambdaCallback(on_batch_begin: (_, _) => warmLr.Add(adam.LearningRate)),
        ]);
        results["warmup_lr"] = warmLr;
        break;
    }
    case "collectives":
    {
        var mine = tensor(new[] { rank + 1f, 2f * (rank + 1) });
        results["allreduce_average"] = hvd.Allreduce(mine).data<float>().ToArray();
        results["allreduce_sum"] = hvd.Allreduce(mine, average: false).data<float>().ToArray();
        results["allreduce_int_average"] = hvd.Allreduce(tensor(new long[] { rank * 3 })).data<long>().ToArray();
        results["broadcast"] = hvd.Broadcast(tensor(new[] { 10.0 * rank, 10.0 * rank + 1 }), root_rank: 1).data<double>().ToArray();
        var rows = full(new long[] { rank + 1, 2 }, rank, ScalarType.Int32);
        var gathered = hvd.Allgather(rows);
        results["allgather_shape"] = gathered.shape;
        results["allgather"] = gathered.reshape(-1).data<int>().ToArray();
        break;
    }
    case "keras_mnist" or "keras_mnist_advanced":
    {
        // The small mnist.npz of the test's KERAS_HOME has not Keras's hash: read it as it is (the test harness does the same in process).
        Mnist.Source = ("http://127.0.0.1:1/offline", null);
        var options = HorovodExamples.HorovodOptions.Parse(args[2..]);
        var (history, score) = scenario == "keras_mnist"
            ? HorovodExamples.KerasMnist.KerasMnistScript.Run(options)
            : HorovodExamples.KerasMnistAdvanced.KerasMnistAdvancedScript.Run(options);
        results["score"] = score;
        results["history"] = history.Values.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
        break;
    }
    default:
        Console.Error.WriteLine($"Unknown scenario '{scenario}'.");
        return 2;
}
File.WriteAllText(Path.Combine(output, $"rank{rank}.json"), JsonSerializer.Serialize(results));
return 0;
