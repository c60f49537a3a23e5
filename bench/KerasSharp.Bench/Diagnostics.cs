using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using KerasSharp.Layers;
using KerasSharp.Optimizers;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace KerasSharp.Bench;

/// <summary>
/// <c>--diag</c>: where a KerasSharp training step spends its time compared with the raw ops. For each layer of the
/// tutorial model: the output's strides and whether the NHWC tensor is contiguous, then forward+backward time of the
/// Keras layer and of the raw TorchSharp equivalent on the same input (raw conv with OHWI kernels, torch batch_norm
/// with running statistics). Then the per-step extras of <c>TrainOnBatch</c>: the batch copy, the optimizer update.
/// </summary>
internal static class Diagnostics
{
    private static readonly long[] Two = { 2, 2 };
    private static readonly long[] One = { 1, 1 };

    public static void Run(BenchOptions options)
    {
        VariantRunner.InitializeTorch(options);
        using var data = new SyntheticData(1, options.Seed);
        var reps = options.Steps;
        var rounds = options.Rounds;
        var c = CultureInfo.InvariantCulture;
        using var model = KerasVariant.BuildTutorialModel();

        Console.WriteLine(string.Create(c, $"Per-layer forward+backward, batch {BenchOptions.BatchSize}, training mode, torch threads {torch.get_num_threads()}, best of {rounds} interleaved rounds of {reps} reps (ms per rep)"));
        Console.WriteLine();
        Console.WriteLine("| layer | output (NHWC) | strides | contiguous | KerasSharp ms | raw ms | raw equivalent |");
        Console.WriteLine("|---|---|---|---|---:|---:|---|");
        var x = data.XNhwc.detach();
        double kerasTotal = 0, rawTotal = 0;
        foreach (var layer in model.Layers)
        {
            Tensor y;
            using (torch.no_grad()) y = layer.Apply(x, training: true).detach().contiguous();
            string shape, strides;
            bool contiguous;
            using (var probe = torch.NewDisposeScope())
            {
                var output = layer.Apply(x, training: true);
                shape = string.Join("x", output.shape);
                strides = string.Join(",", output.stride());
                contiguous = output.is_contiguous();
            }
            var gradOut = torch.randn(y.shape);
            var parameters = layer.TrainableWeights.Select(v => (Tensor)v.Value).ToList();
            var (raw, rawName, extra) = RawEquivalent(layer, training: true);
            var (keras, rawMs) = Interleaved(rounds, reps,
                FwdBwd(x, gradOut, parameters, input => layer.Apply(input, training: true), extra),
                FwdBwd(x, gradOut, parameters.Concat(extra).ToList(), raw, extra));
            kerasTotal += keras;
            rawTotal += rawMs;
            Console.WriteLine(string.Create(c, $"| {layer.Name} | {shape} | {strides} | {(contiguous ? "yes" : "NO")} | {keras:F2} | {rawMs:F2} | {rawName} |"));
            x.Dispose();
            x = y;
            gradOut.Dispose();
            foreach (var t in extra) t.Dispose();
        }
        Console.WriteLine(string.Create(c, $"| **sum** | | | | {kerasTotal:F2} | {rawTotal:F2} | |"));
        x.Dispose();

        Console.WriteLine();
        Console.WriteLine("Per-step extras (ms):");
        Console.WriteLine();
        using (var indices = torch.arange(BenchOptions.InferenceBatchSize, dtype: int64))
        {
            var copy = BestOf(rounds, reps, () =>
            {
                using var scope = torch.NewDisposeScope();
                data.InferNhwc.index_select(0, indices).to(float32, CPU);
            });
            Console.WriteLine(string.Create(c, $"- Predict's per-batch copy (ArrayBatches.Take: index_select of 128 rows, where a narrow view would do for an unshuffled pass): {copy:F3} ms per batch"));
        }
        OptimizerCost(model, data, rounds, reps);
        BatchNormCost(rounds, reps);
        StepBreakdown.Run(data, rounds, reps);
    }

    /// <summary>KerasSharp's RMSprop.Apply against torch.optim.RMSprop.step on the same parameters and gradients.</summary>
    private static void OptimizerCost(KerasSharp.Models.Sequential model, SyntheticData data, int rounds, int reps)
    {
        var c = CultureInfo.InvariantCulture;
        var weights = model.TrainableWeights;
        using (var scope = torch.NewDisposeScope())
        {
            // One real backward leaves gradients on every trainable weight.
            model.Compile(new RMSprop(lr: 0.001, decay: 1e-6), loss: "categorical_crossentropy");
            var probs = model.Layers.Aggregate(data.XNhwc, (t, l) => l.Apply(t, training: true));
            (-(data.YOneHot * probs.clamp(1e-7, 1 - 1e-7).log()).sum(-1)).mean().backward();
        }
        var optimizer = model.Optimizer!;
        using var torchOptimizer = optim.RMSProp(weights.Select(v => v.Value), lr: 0.001, alpha: 0.9, eps: 1e-7);
        var (keras, raw) = Interleaved(rounds, reps, () => optimizer.Apply(weights), () => torchOptimizer.step());
        Console.WriteLine(string.Create(c, $"- optimizer update over {weights.Count} weights: KerasSharp RMSprop.Apply {keras:F3} ms, torch.optim.RMSprop.step {raw:F3} ms"));
    }

    /// <summary>
    /// KerasSharp's training batch norm (Nn.BatchNorm) is torch's batch_norm without running statistics plus a second
    /// pass, var_mean, for the Keras moving-statistics update. This times the pieces, forward only, against torch's
    /// one-pass batch_norm with running statistics, on channels-last views as the layer gets them.
    /// </summary>
    private static void BatchNormCost(int rounds, int reps)
    {
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine();
        Console.WriteLine("Batch norm pieces, training mode, forward only, on the NCHW view of an NHWC tensor (ms per call):");
        Console.WriteLine();
        Console.WriteLine("| input (NHWC) | batch_norm, no running stats | var_mean (KerasSharp's extra pass) | moving-stat updates | KerasSharp total | torch batch_norm with running stats | alt: var_mean over the (N·H·W, C) view | alt: batch_norm into temp stats (momentum 1) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var shape in new[] { new long[] { 64, 32, 32, 32 }, new long[] { 64, 16, 16, 64 }, new long[] { 64, 8, 8, 128 } })
        {
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            var channels = shape[3];
            var x = torch.randn(shape);
            var xt = x.permute(0, 3, 1, 2);
            var rows = x.reshape(-1, channels);
            var tempMean = torch.zeros(channels);
            var tempVar = torch.ones(channels);
            var gamma = torch.ones(channels);
            var beta = torch.zeros(channels);
            var movingMean = torch.zeros(channels);
            var movingVariance = torch.ones(channels);
            var runningMean = torch.zeros(channels);
            var runningVar = torch.ones(channels);
            var dims = new long[] { 0, 2, 3 };
            var (normalise, statistics) = Interleaved(rounds, reps,
                () => { using var s = torch.NewDisposeScope(); F.batch_norm(xt, null, null, gamma, beta, true, 0.0, 1e-3); },
                () => { using var s = torch.NewDisposeScope(); torch.var_mean(xt, dims, unbiased: false); });
            var (updates, torchOnePass) = Interleaved(rounds, reps,
                () =>
                {
                    using var s = torch.NewDisposeScope();
                    var (variance, mean) = torch.var_mean(xt.narrow(0, 0, 1).narrow(2, 0, 1).narrow(3, 0, 1), dims, unbiased: false);
                    movingMean.mul_(0.99).add_(mean, alpha: 0.01);
                    movingVariance.mul_(0.99).add_(variance, alpha: 0.01);
                },
                () => { using var s = torch.NewDisposeScope(); F.batch_norm(xt, runningMean, runningVar, gamma, beta, true, 0.01, 1e-3); });
            var (rowStatistics, tempStatistics) = Interleaved(rounds, reps,
                () => { using var s = torch.NewDisposeScope(); torch.var_mean(rows, new long[] { 0 }, unbiased: false); },
                () => { using var s = torch.NewDisposeScope(); F.batch_norm(xt, tempMean, tempVar, gamma, beta, true, 1.0, 1e-3); });
            Console.WriteLine(string.Create(c, $"| {string.Join("x", shape)} | {normalise:F3} | {statistics:F3} | {updates:F3} | {normalise + statistics + updates:F3} | {torchOnePass:F3} | {rowStatistics:F3} | {tempStatistics:F3} |"));
        }
    }

    private static double BestOf(int rounds, int reps, Action action)
    {
        TimeMs(2, action);
        var best = double.MaxValue;
        for (int r = 0; r < rounds; r++) best = Math.Min(best, TimeMs(reps, action));
        return best;
    }

    /// <summary>The raw TorchSharp op for a Keras layer, using the layer's own weights (conv kernels copied to OHWI).</summary>
    /// <summary>
    /// The raw TorchSharp op a Keras layer of the tutorial model stands for, on the same weights and the channels-last
    /// view: for the training diagnostic (<paramref name="training"/>: a leaf OHWI kernel, batch statistics on copies
    /// of the running ones, dropout) or the inference one (eval batch norm, dropout as the identity).
    /// </summary>
    internal static (Func<Tensor, Tensor> Forward, string Name, List<Tensor> Extra) RawEquivalent(Layer layer, bool training)
    {
        switch (layer)
        {
            case Conv2D conv:
            {
                Tensor ohwi;
                using (torch.no_grad()) ohwi = conv.Kernel.Value.permute(3, 0, 1, 2).contiguous().requires_grad_(training);
                var bias = conv.Bias?.Value;
                return (x => ToNhwc(F.conv2d(ToNchw(x), ohwi.permute(0, 3, 1, 2), bias, padding: One)),
                        "conv2d on channels-last view, OHWI kernel", new List<Tensor> { ohwi });
            }
            case BatchNormalization bn:
            {
                var w = bn.Weights;
                if (!training)
                    return (x => ToNhwc(F.batch_norm(ToNchw(x), w[2].Value, w[3].Value, w[0].Value, w[1].Value, false, 0.01, bn.Epsilon)),
                            "batch_norm, eval", new List<Tensor>());
                var mean = w[2].Value.detach().clone();
                var variance = w[3].Value.detach().clone();
                return (x => ToNhwc(F.batch_norm(ToNchw(x), mean, variance, w[0].Value, w[1].Value, true, 0.01, bn.Epsilon)),
                        "torch batch_norm with running stats", new List<Tensor> { mean, variance });
            }
            case Activation:
                return (x => F.elu(x, 1.0), "elu", new List<Tensor>());
            case MaxPooling2D:
                return (x => ToNhwc(F.max_pool2d(ToNchw(x), Two, Two)), "max_pool2d on view", new List<Tensor>());
            case Dropout d:
                return training ? (x => F.dropout(x, d.Rate, true), "dropout", new List<Tensor>())
                                : (x => x.alias(), "identity", new List<Tensor>());
            case Flatten:
                return (x => x.reshape(x.shape[0], -1), "reshape", new List<Tensor>());
            case Dense dense:
            {
                var kernel = dense.Kernel.Value;
                var bias = dense.Bias?.Value;
                return (x => F.softmax(F.linear(x, kernel.t(), bias), -1), "linear + softmax", new List<Tensor>());
            }
            default:
                return (x => x.alias(), "alias", new List<Tensor>());
        }
    }

    /// <summary>One forward+backward of <paramref name="forward"/> on a leaf copy of the input, in its own dispose scope.</summary>
    private static Action FwdBwd(Tensor x, Tensor gradOut, IReadOnlyList<Tensor> parameters, Func<Tensor, Tensor> forward,
                                 List<Tensor> owned)
    {
        var input = x.detach().requires_grad_(true);
        owned.Add(input);
        return () =>
        {
            using var scope = torch.NewDisposeScope();
            input.grad = null;
            foreach (var p in parameters) if (p.requires_grad) p.grad = null;
            var y = forward(input);
            y.backward(new[] { gradOut });
        };
    }

    /// <summary>
    /// Times two actions in alternating rounds (warm-up first) and returns the best round of each, in ms per call:
    /// alternating and taking the minimum keeps the comparison fair on a machine shared with other work.
    /// </summary>
    private static (double A, double B) Interleaved(int rounds, int reps, Action a, Action b)
    {
        TimeMs(2, a);
        TimeMs(2, b);
        double bestA = double.MaxValue, bestB = double.MaxValue;
        for (int r = 0; r < rounds; r++)
        {
            bestA = Math.Min(bestA, TimeMs(reps, a));
            bestB = Math.Min(bestB, TimeMs(reps, b));
        }
        return (bestA, bestB);
    }

    private static double TimeMs(int reps, Action action)
    {
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < reps; i++) action();
        return sw.Elapsed.TotalMilliseconds / reps;
    }

    private static Tensor ToNchw(Tensor nhwc) => nhwc.permute(0, 3, 1, 2);

    private static Tensor ToNhwc(Tensor nchw) => nchw.permute(0, 2, 3, 1);
}
