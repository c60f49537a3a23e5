using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using KerasSharp.Layers;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace KerasSharp.Bench;

/// <summary>
/// <c>--infer-diag</c>: where the tutorial model's inference time goes. For each layer, in eval mode under no_grad on a
/// batch of 128: the Keras layer's forward against the raw TorchSharp op on the same input (best of alternating rounds),
/// and the output's strides. Then the whole batch four ways: <c>Predict</c>, the layers called one after the other,
/// the raw NHWC net and the raw NCHW torch.nn model (same weights for the raw ops as the Keras layers).
/// With <c>--clock cpu</c> it times process CPU time (load-proof with <c>--threads 1</c>).
/// </summary>
internal static class InferenceDiagnostics
{

    public static void Run(BenchOptions options)
    {
        if (options.Applications is string application && !application.StartsWith("tutorial", StringComparison.Ordinal))
        {
            ByKind(application, options);
            return;
        }
        VariantRunner.InitializeTorch(options);
        using var data = new SyntheticData(1, options.Seed);
        var reps = options.Steps;
        var rounds = options.Rounds;
        var clock = options.CpuClock ? "process CPU time" : "wall time";
        var c = CultureInfo.InvariantCulture;
        using var model = KerasVariant.BuildTutorialModel();
        model.Compile("rmsprop", "categorical_crossentropy");
        using var noGrad = torch.no_grad();

        Console.WriteLine(string.Create(c, $"Per-layer forward, batch {BenchOptions.InferenceBatchSize}, eval mode, no_grad, torch threads {torch.get_num_threads()}, {clock}, best of {rounds} interleaved rounds of {reps} reps (ms per rep)"));
        Console.WriteLine();
        Console.WriteLine("| layer | output (NHWC) | strides | KerasSharp ms | raw ms | raw equivalent |");
        Console.WriteLine("|---|---|---|---:|---:|---|");
        var x = data.InferNhwc.detach();
        double kerasTotal = 0, rawTotal = 0;
        foreach (var layer in model.Layers)
        {
            var y = layer.Apply(x, training: false);
            var (raw, rawName, _) = Diagnostics.RawEquivalent(layer, training: false);
            var (keras, rawMs) = Interleaved(rounds, reps, options.CpuClock,
                () => { using var s = torch.NewDisposeScope(); layer.Apply(x, training: false); },
                () => { using var s = torch.NewDisposeScope(); raw(x); });
            kerasTotal += keras;
            rawTotal += rawMs;
            Console.WriteLine(string.Create(c, $"| {layer.Name} | {string.Join("x", y.shape)} | {string.Join(",", y.stride())} | {keras:F2} | {rawMs:F2} | {rawName} |"));
            if (!ReferenceEquals(x, data.InferNhwc)) x.Dispose();
            x = y;
        }
        Console.WriteLine(string.Create(c, $"| **sum** | | | {kerasTotal:F2} | {rawTotal:F2} | |"));
        x.Dispose();

        using var nhwc = new NhwcNet(kernelsOhwi: true);
        nhwc.eval();
        var batch = data.InferNhwc;
        var batchNchw = data.InferNchw;
        using var nchw = TorchNchwVariant.BuildModel();
        nchw.eval();
        var whole = new (string Name, Action Run)[]
        {
            ("KerasSharp `Predict(x, batch_size: 128)`", () => model.Predict(batch, batch_size: BenchOptions.InferenceBatchSize).Dispose()),
            ("KerasSharp layers called in turn (`layer.Apply`)", () =>
            {
                using var s = torch.NewDisposeScope();
                model.Layers.Aggregate(batch, (t, l) => l.Apply(t, training: false));
            }),
            ("KerasSharp layers in turn, each input disposed once used", () =>
            {
                var t = batch;
                foreach (var l in model.Layers)
                {
                    var next = l.Apply(t, training: false);
                    if (!ReferenceEquals(t, batch)) t.Dispose();
                    t = next;
                }
                t.Dispose();
            }),
            ("raw TorchSharp NHWC views, OHWI kernels", () => { using var s = torch.NewDisposeScope(); F.softmax(nhwc.forward(batch), 1); }),
            ("raw TorchSharp NCHW torch.nn", () => { using var s = torch.NewDisposeScope(); F.softmax(nchw.forward(batchNchw), 1); }),
        };
        var best = BestOfAll(rounds, reps, options.CpuClock, whole.Select(w => w.Run).ToArray());
        Console.WriteLine();
        Console.WriteLine(string.Create(c, $"One batch of {BenchOptions.InferenceBatchSize}, whole model ({clock}, best of {rounds} alternating rounds of {reps}):"));
        Console.WriteLine();
        Console.WriteLine("| path | ms per batch | images/s | minor page faults per batch |");
        Console.WriteLine("|---|---:|---:|---:|");
        for (int i = 0; i < whole.Length; i++)
        {
            var before = CpuClock.PageFaults().Minor;
            for (int k = 0; k < reps; k++) whole[i].Run();
            var faults = (CpuClock.PageFaults().Minor - before) / (double)reps;
            Console.WriteLine(string.Create(c, $"| {whole[i].Name} | {best[i]:F2} | {BenchOptions.InferenceBatchSize / best[i] * 1000:F0} | {faults:F0} |"));
        }
    }

    /// <summary>
    /// <c>--infer-diag --applications resnet50|mobilenet_v2</c>: each layer's eval-mode forward on its real input
    /// (batch 32, 224×224×3), summed by layer class, beside the whole <c>Predict</c>; whether outputs are contiguous NHWC.
    /// </summary>
    private static void ByKind(string name, BenchOptions options)
    {
        VariantRunner.InitializeTorch(options);
        var c = CultureInfo.InvariantCulture;
        using var model = name == "resnet50" ? KerasSharp.Applications.resnet50.ResNet50(weights: null) : KerasSharp.Applications.mobilenet_v2.MobileNetV2(weights: null);
        using var generator = new torch.Generator((ulong)options.Seed);
        using var x = torch.randn(new long[] { 32, 224, 224, 3 }, generator: generator);
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var values = new Dictionary<KerasTensor, Tensor> { [model.Inputs[0]] = x };
        var kinds = new Dictionary<string, (int Count, double Ms, int NotContiguous, long Faults)>();
        foreach (var layer in model.Layers.Where(l => l is not InputLayer))
        {
            var inputs = layer.Input.Unpack().Select(k => values[k]).ToArray();
            Func<Tensor> call = () => inputs.Length == 1 ? layer.Apply(inputs[0], training: false) : layer.Apply(inputs, training: false);
            var y = call();
            values[layer.Output] = y;
            var ms = double.MaxValue;
            var faults = CpuClock.PageFaults().Minor;
            for (int r = 0; r < options.Rounds; r++)
                ms = Math.Min(ms, TimeMs(options.Steps, options.CpuClock, () => { using var s = torch.NewDisposeScope(); call(); }));
            faults = (CpuClock.PageFaults().Minor - faults) / (options.Rounds * options.Steps);
            var kind = layer.GetType().Name;
            var e = kinds.GetValueOrDefault(kind);
            kinds[kind] = (e.Count + 1, e.Ms + ms, e.NotContiguous + (y.is_contiguous() ? 0 : 1), e.Faults + faults);
        }
        Console.WriteLine(string.Create(c, $"{name}, batch 32, 224×224×3, eval, no_grad, torch threads {torch.get_num_threads()}, {(options.CpuClock ? "process CPU time" : "wall time")}, best of {options.Rounds} rounds of {options.Steps} per layer, summed by layer class:"));
        Console.WriteLine();
        Console.WriteLine("| layer class | layers | ms per batch | outputs not contiguous | minor page faults |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var (kind, e) in kinds.OrderByDescending(kv => kv.Value.Ms))
            Console.WriteLine(string.Create(c, $"| {kind} | {e.Count} | {e.Ms:F1} | {e.NotContiguous} | {e.Faults} |"));
        Console.WriteLine(string.Create(c, $"| **sum** | {kinds.Values.Sum(e => e.Count)} | {kinds.Values.Sum(e => e.Ms):F1} | | {kinds.Values.Sum(e => e.Faults)} |"));
        var faultsBefore = CpuClock.PageFaults().Minor;
        var predict = TimeMs(1, options.CpuClock, () => model.Predict(x, batch_size: 32).Dispose());
        Console.WriteLine(string.Create(c, $"| whole `Predict` | | {predict:F1} | | {CpuClock.PageFaults().Minor - faultsBefore} |"));
    }

    /// <summary>The raw eval-mode op for a Keras layer, with the layer's own weights (conv kernels copied to OHWI once).</summary>
    private static (double A, double B) Interleaved(int rounds, int reps, bool cpu, Action a, Action b)
    {
        var best = BestOfAll(rounds, reps, cpu, new[] { a, b });
        return (best[0], best[1]);
    }

    /// <summary>Warm-up, then rounds in which each action runs <paramref name="reps"/> times in turn; the best round of each, ms per call.</summary>
    private static double[] BestOfAll(int rounds, int reps, bool cpu, IReadOnlyList<Action> actions)
    {
        foreach (var a in actions) TimeMs(2, cpu, a);
        var best = Enumerable.Repeat(double.MaxValue, actions.Count).ToArray();
        for (int r = 0; r < rounds; r++)
            for (int i = 0; i < actions.Count; i++)
                best[i] = Math.Min(best[i], TimeMs(reps, cpu, actions[i]));
        return best;
    }

    private static double TimeMs(int reps, bool cpu, Action action)
    {
        var sw = Stopwatch.StartNew();
        var cpuStart = CpuClock.ProcessMs();
        for (int i = 0; i < reps; i++) action();
        return (cpu ? CpuClock.ProcessMs() - cpuStart : sw.Elapsed.TotalMilliseconds) / reps;
    }
}
