using System;
using System.Diagnostics;
using KerasSharp.Backend;
using TorchSharp;

namespace KerasSharp.Bench;

/// <summary>Times one variant: warm-up, R rounds of N training steps, then R rounds of inference; reads the peaks.</summary>
internal static class VariantRunner
{
    /// <summary>Loads libtorch, seeds everything and sets the intra-op thread count (call once per process).</summary>
    public static void InitializeTorch(BenchOptions options)
    {
        KerasBackend.SetSeed(options.Seed); // loads libtorch, seeds torch's global generator too
        torch.set_num_threads(options.Threads);
    }

    public static VariantResult Run(string name, BenchOptions options, SyntheticData data)
    {
        KerasBackend.SetSeed(options.Seed);
        var peakBefore = ProcessMemory.PeakResidentKiB();
        var gcBefore = GC.CollectionCount(0);
        using var variant = BenchVariant.Create(name, data);
        Log($"[{name}] {variant.Description}; {variant.ParameterCount:N0} parameters; torch threads {torch.get_num_threads()}; device {KerasBackend.Device}");

        double loss = double.NaN;
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < options.Warmup; i++) loss = variant.TrainStep();
        Log($"[{name}] warm-up {options.Warmup} steps: {sw.Elapsed.TotalMilliseconds:F0} ms, loss {loss:F4}");

        var train = new double[options.Rounds];
        var trainCpu = new double[options.Rounds];
        for (int r = 0; r < options.Rounds; r++)
        {
            var cpu = CpuClock.ProcessMs();
            sw.Restart();
            for (int i = 0; i < options.Steps; i++) loss = variant.TrainStep();
            train[r] = sw.Elapsed.TotalMilliseconds / options.Steps;
            trainCpu[r] = (CpuClock.ProcessMs() - cpu) / options.Steps;
            Log($"[{name}] round {r + 1}/{options.Rounds}: {train[r]:F2} ms/step, loss {loss:F4}");
        }
        var peakTrain = ProcessMemory.PeakResidentKiB();

        variant.Infer(); // warm-up
        var infer = new double[options.Rounds];
        var inferCpu = new double[options.Rounds];
        long images = 0;
        for (int r = 0; r < options.Rounds; r++)
        {
            var cpu = CpuClock.ProcessMs();
            sw.Restart();
            images = variant.Infer();
            infer[r] = images / sw.Elapsed.TotalSeconds;
            inferCpu[r] = images / ((CpuClock.ProcessMs() - cpu) / 1000);
            Log($"[{name}] inference round {r + 1}/{options.Rounds}: {infer[r]:F0} images/s ({images} images, batch {BenchOptions.InferenceBatchSize})");
        }

        return new VariantResult
        {
            Name = variant.Name,
            Description = variant.Description,
            Parameters = variant.ParameterCount,
            Threads = torch.get_num_threads(),
            Steps = options.Steps,
            Rounds = options.Rounds,
            Warmup = options.Warmup,
            TrainMsPerStep = train,
            TrainMsMedian = Stats.Median(train),
            TrainCpuMsPerStep = trainCpu,
            TrainCpuMsMedian = Stats.Median(trainCpu),
            InferImagesPerSecond = infer,
            InferMedian = Stats.Median(infer),
            InferImagesPerCpuSecond = inferCpu,
            InferCpuMedian = Stats.Median(inferCpu),
            InferImagesPerRound = images,
            PeakKiBBeforeModel = peakBefore,
            PeakKiBAfterTraining = peakTrain,
            PeakKiBFinal = ProcessMemory.PeakResidentKiB(),
            LastLoss = loss,
            ManagedGcCount = GC.CollectionCount(0) - gcBefore,
        };
    }

    /// <summary>Progress goes to stderr so that stdout carries only results.</summary>
    public static void Log(string message) => Console.Error.WriteLine(message);
}
