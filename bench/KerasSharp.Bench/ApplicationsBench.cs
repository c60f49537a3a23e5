using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using KerasSharp.Applications;
using KerasSharp.Backend;
using KerasSharp.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasSharp.Bench;

/// <summary>
/// One child run of bench/applications_bench.py (<c>--applications MODEL</c>): inference images/s of a model built by
/// KerasSharp, in eval mode, <c>Predict(x, batch_size)</c> on random NHWC images. Models: <c>resnet50</c> and
/// <c>mobilenet_v2</c> (<c>keras.applications</c>, <c>weights: null</c>, 224×224×3, batch 32) and <c>tutorial</c>
/// (the tutorial model, 32×32×3, batch 128); <c>tutorial-nchw</c> is the tutorial model on raw TorchSharp, torch.nn
/// modules, NCHW contiguous (the raw baseline of issue 15). <c>--warmup</c> untimed batches (at least one), then <c>--rounds</c> rounds of
/// <c>--infer-batches</c> batches; prints one <c>APPS</c> line with the median round's images/s (wall) and CPU ms per
/// batch (process CPU time, all threads), and every round's values.
/// </summary>
internal static class ApplicationsBench
{
    public static readonly string[] Models = { "resnet50", "mobilenet_v2", "tutorial", "tutorial-nchw" };

    public static void Run(string name, BenchOptions options)
    {
        VariantRunner.InitializeTorch(options);
        var tutorial = name.StartsWith("tutorial", StringComparison.Ordinal);
        var batch = tutorial ? BenchOptions.InferenceBatchSize : 32;
        var size = tutorial ? BenchOptions.Height : 224;
        using var generator = new torch.Generator((ulong)options.Seed);
        // One batch, predicted infer-batches times per round: the input copy per batch is Predict's own.
        using var x = torch.randn(new long[] { batch, size, size, 3 }, generator: generator);
        using var xNchw = x.permute(0, 3, 1, 2).contiguous();

        Func<long> predict;
        long parameters;
        IDisposable owner;
        if (name == "tutorial-nchw")
        {
            var net = TorchNchwVariant.BuildModel();
            net.eval();
            predict = () =>
            {
                using var noGrad = torch.no_grad();
                using var scope = torch.NewDisposeScope();
                return nn.functional.softmax(net.forward(xNchw), 1).shape[0];
            };
            parameters = net.parameters().Sum(p => p.numel());
            owner = net;
        }
        else
        {
            Model model = name switch
            {
                "resnet50" => resnet50.ResNet50(weights: null),
                "mobilenet_v2" => mobilenet_v2.MobileNetV2(weights: null),
                _ => KerasVariant.BuildTutorialModel(),
            };
            predict = () =>
            {
                using var y = model.Predict(x, batch_size: batch);
                return y.shape[0];
            };
            parameters = model.CountParams();
            owner = model;
        }

        using (owner)
        {
            // Warm-up: first-call allocations, oneDNN primitives, and the allocator settling (the first batches of a
            // fresh process run up to twice as long).
            for (int i = 0; i < Math.Max(1, options.Warmup); i++) predict();
            var wall = new double[options.Rounds];
            var cpu = new double[options.Rounds];
            var sw = new Stopwatch();
            for (int r = 0; r < options.Rounds; r++)
            {
                var cpuStart = CpuClock.ProcessMs();
                sw.Restart();
                for (int i = 0; i < options.InferBatches; i++) predict();
                wall[r] = sw.Elapsed.TotalMilliseconds / options.InferBatches;
                cpu[r] = (CpuClock.ProcessMs() - cpuStart) / options.InferBatches;
                VariantRunner.Log(string.Create(CultureInfo.InvariantCulture, $"[{name}] round {r + 1}/{options.Rounds}: {batch * 1000 / wall[r]:F1} images/s, {cpu[r]:F0} CPU ms per batch of {batch}"));
            }
            string List(double[] values) => string.Join(",", values.Select(v => v.ToString("F2", CultureInfo.InvariantCulture)));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"APPS impl=kerassharp model={name} params={parameters} threads={torch.get_num_threads()} batch={batch} size={size} img_s={batch * 1000 / Stats.Median(wall):F2} batch_ms={Stats.Median(wall):F2} batch_cpu_ms={Stats.Median(cpu):F2} rounds_ms={List(wall)} rounds_cpu_ms={List(cpu)} device={KerasBackend.Device}"));
        }
    }
}
