using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using KerasSharp.Backend;
using KerasSharp.Layers;
using KerasSharp.Models;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace KerasSharp.Bench;

/// <summary>
/// <c>--resnet-diag</c>: where a KerasSharp ResNet20 training step spends its time against the raw "Keras way" net
/// (<see cref="NhwcResNet"/>), all in alternating rounds in one process:
/// (1) one step at batch 32 split into phases, KerasSharp's public pieces (the model's Apply, i.e. its graph, its loss
/// and l2 terms, backward, its Adam.Apply, the read-back) against the raw net's, with the whole TrainOnBatch beside them;
/// (2) the fixed per-step cost: the same at batch 1, where the arithmetic is small and per-call costs dominate;
/// (3) the forward pass without grad at batch 1 through the graph runner (<c>model.Apply</c>), through a plain loop
/// over the layers' <c>Apply</c> (no graph runner), and through the raw net;
/// (4) forward+backward of every layer against its raw op on the same input (batch 32, training mode), summed by kind,
/// conv layers also against the raw op fed KerasSharp's HWIO kernel viewed as OIHW.
/// </summary>
internal static class ResNetDiagnostics
{
    private static Func<double> _now = WallMs;

    private static double WallMs() => Stopwatch.GetTimestamp() * 1000.0 / Stopwatch.Frequency;

    public static void Run(BenchOptions options)
    {
        _now = options.CpuClock ? CpuClock.ProcessMs : WallMs;
        VariantRunner.InitializeTorch(options);
        var c = CultureInfo.InvariantCulture;
        using var data = new SyntheticData(1, options.Seed);
        var reps = options.Steps;
        var rounds = options.Rounds;
        Console.WriteLine(string.Create(c, $"ResNet20 v1 diagnostic: torch threads {torch.get_num_threads()}, {rounds} alternating rounds of {reps} reps, ms per rep (median of the rounds [best round]); clock: {(options.CpuClock ? "process CPU time" : "wall")}; load average before: {LoadAverage()}."));

        Equivalence(options, data);
        StepSplit(options, data, ResNetBatch.Size, rounds, reps);
        StepSplit(options, data, 1, rounds, reps * 4);
        ForwardPaths(options, data, 1, grad: false, rounds, reps * 4);
        ForwardPaths(options, data, ResNetBatch.Size, grad: true, rounds, reps);
        Bookkeeping(options, rounds, reps * 10);
        PerLayer(options, data, rounds, reps);
        Console.WriteLine();
        Console.WriteLine($"Load average after: {LoadAverage()}.");
    }

    private static (Model Model, List<Conv2D> Convs) KerasResNet(BenchOptions options)
    {
        KerasBackend.SetSeed(options.Seed);
        var model = ResNetModel.ResNetV1((32, 32, 3), ResNetModel.Depth, BenchOptions.Classes);
        model.Compile(new KerasSharp.Optimizers.Adam(lr: 1e-3), loss: "categorical_crossentropy", metrics: ["accuracy"]);
        return (model, model.Layers.OfType<Conv2D>().ToList());
    }

    /// <summary>
    /// (0): the raw net computes KerasSharp's function: KerasSharp's weights copied into it (creation order, HWIO to
    /// OHWI), the outputs compared in inference mode and in training mode (batch statistics).
    /// </summary>
    private static void Equivalence(BenchOptions options, SyntheticData data)
    {
        var (model, _) = KerasResNet(options);
        using var __ = model;
        using var batch = new ResNetBatch(data);
        static int Uid(Layer l) => int.Parse(l.Name[(l.Name.LastIndexOf('_') + 1)..], CultureInfo.InvariantCulture);
        var convs = model.Layers.OfType<Conv2D>().OrderBy(Uid).ToList();
        var norms = model.Layers.OfType<BatchNormalization>().OrderBy(Uid).ToList();
        using var raw = new NhwcResNet();
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        raw.eval();
        var before = (model.Predict(batch.X, batch_size: ResNetBatch.Size) - F.softmax(raw.forward(batch.X), 1)).abs().max().item<float>();
        raw.CopyFrom(convs, norms, model.Layers.OfType<Dense>().Single());
        var inference = (model.Predict(batch.X, batch_size: ResNetBatch.Size) - F.softmax(raw.forward(batch.X), 1)).abs().max().item<float>();
        raw.train();
        var training = (model.Apply(batch.X, training: true) - F.softmax(raw.forward(batch.X), 1)).abs().max().item<float>();
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Equivalence: KerasSharp's ResNet weights copied into the raw net; largest difference of the softmax outputs on the batch of 32: inference mode {inference:E2}, training mode (batch statistics) {training:E2} (before the copy, with its own initial weights: {before:E2})."));
    }

    /// <summary>(1)/(2): one step split into phases, KerasSharp against raw, alternating rounds; medians and best rounds.</summary>
    private static void StepSplit(BenchOptions options, SyntheticData data, int batchSize, int rounds, int reps)
    {
        var c = CultureInfo.InvariantCulture;
        var (model, convs) = KerasResNet(options);
        using var _ = model;
        using var batch = new ResNetBatch(data, batchSize);
        KerasBackend.SetSeed(options.Seed);
        using var raw = new ResNetNhwcVariant(data, batchSize);
        var weights = model.Weights;
        var trainable = model.TrainableWeights;
        string[] phases = { "zero grads", "forward", "loss + l2", "backward", "update", "read-back (loss, accuracy)", "sum", "whole TrainOnBatch / raw step" };
        var keras = phases.Select(_ => new List<double>()).ToArray();
        var rawTimes = phases.Select(_ => new List<double>()).ToArray();
        var faults = new List<double>[] { new(), new() };
        var allocated = new List<double>[] { new(), new() };
        var collections = new List<double>[] { new(), new() };
        for (int r = -1; r < rounds; r++) // round -1 warms up
        {
            var k = new double[phases.Length];
            var q = new double[phases.Length];
            void KerasSplit()
            {
                for (int i = 0; i < reps; i++)
                {
                    var sw = _now();
                    using var scope = torch.NewDisposeScope();
                    foreach (var v in weights) v.Value.grad = null;
                    k[0] += Lap(ref sw);
                    var yPred = model.Apply(batch.X, training: true);
                    k[1] += Lap(ref sw);
                    var loss = model.Loss!.Call(batch.YOneHot, yPred).mean();
                    foreach (var conv in convs) loss = loss + conv.KernelRegularizer!.Call(conv.Kernel.Value);
                    k[2] += Lap(ref sw);
                    loss.backward();
                    k[3] += Lap(ref sw);
                    model.Optimizer!.Apply(trainable);
                    k[4] += Lap(ref sw);
                    using (torch.no_grad()) batch.YOneHot.argmax(-1).eq(yPred.argmax(-1)).to_type(float32).mean().item<float>();
                    loss.item<float>();
                    k[5] += Lap(ref sw);
                }
                var pf = CpuClock.PageFaults().Minor;
                var bytes = GC.GetAllocatedBytesForCurrentThread();
                var gcs = GC.CollectionCount(0);
                var whole = _now();
                for (int i = 0; i < reps; i++) model.TrainOnBatch(batch.X, batch.YOneHot);
                k[7] += _now() - whole;
                if (r >= 0)
                {
                    faults[0].Add((CpuClock.PageFaults().Minor - pf) / (double)reps);
                    allocated[0].Add((GC.GetAllocatedBytesForCurrentThread() - bytes) / 1024.0 / reps);
                    collections[0].Add((GC.CollectionCount(0) - gcs) / (double)reps);
                }
            }
            void RawSplit()
            {
                for (int i = 0; i < reps; i++)
                {
                    var sw = _now();
                    using var scope = torch.NewDisposeScope();
                    raw.ZeroGrad();
                    q[0] += Lap(ref sw);
                    var probabilities = raw.Forward();
                    q[1] += Lap(ref sw);
                    var loss = raw.Loss(probabilities);
                    q[2] += Lap(ref sw);
                    loss.backward();
                    q[3] += Lap(ref sw);
                    raw.AdamStep();
                    q[4] += Lap(ref sw);
                    raw.ReadBack(loss, probabilities);
                    q[5] += Lap(ref sw);
                }
                var pf = CpuClock.PageFaults().Minor;
                var bytes = GC.GetAllocatedBytesForCurrentThread();
                var gcs = GC.CollectionCount(0);
                var whole = _now();
                for (int i = 0; i < reps; i++) raw.TrainStep();
                q[7] += _now() - whole;
                if (r >= 0)
                {
                    faults[1].Add((CpuClock.PageFaults().Minor - pf) / (double)reps);
                    allocated[1].Add((GC.GetAllocatedBytesForCurrentThread() - bytes) / 1024.0 / reps);
                    collections[1].Add((GC.CollectionCount(0) - gcs) / (double)reps);
                }
            }
            if (r % 2 == 0) { KerasSplit(); RawSplit(); } else { RawSplit(); KerasSplit(); }
            if (r < 0) continue;
            k[6] = k[..6].Sum();
            q[6] = q[..6].Sum();
            for (int p = 0; p < phases.Length; p++)
            {
                keras[p].Add(k[p] / reps);
                rawTimes[p].Add(q[p] / reps);
            }
        }
        Console.WriteLine();
        Console.WriteLine(string.Create(c, $"One training step at batch {batchSize} split into phases (ms per step, median of {rounds} alternating rounds of {reps} steps [best round]):"));
        Console.WriteLine();
        Console.WriteLine("| phase | KerasSharp (model.Apply, Keras loss + l2, Adam.Apply) | raw Keras way (NhwcResNet, same equations) | KerasSharp − raw (medians) | ratio (medians) |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        for (int p = 0; p < phases.Length; p++)
        {
            var km = Stats.Median(keras[p].ToArray());
            var rm = Stats.Median(rawTimes[p].ToArray());
            Console.WriteLine(string.Create(c, $"| {phases[p]} | {km:F2} [{keras[p].Min():F2}] | {rm:F2} [{rawTimes[p].Min():F2}] | {km - rm:+0.00;-0.00} | {km / rm:F3}x |"));
        }
        Console.WriteLine(string.Create(c, $"| minor page faults per step (whole step, median) | {Stats.Median(faults[0].ToArray()):F0} | {Stats.Median(faults[1].ToArray()):F0} | | |"));
        Console.WriteLine(string.Create(c, $"| managed KiB allocated per step (whole step, median) | {Stats.Median(allocated[0].ToArray()):F1} | {Stats.Median(allocated[1].ToArray()):F1} | | |"));
        Console.WriteLine(string.Create(c, $"| gen0 GCs per step (whole step, median) | {Stats.Median(collections[0].ToArray()):F3} | {Stats.Median(collections[1].ToArray()):F3} | | |"));
    }

    /// <summary>
    /// (3): the forward pass alone through the graph runner, through a plain loop over the layers' public Apply, through
    /// the raw net, and through the raw net holding KerasSharp's weights (so the values are the same too).
    /// </summary>
    private static void ForwardPaths(BenchOptions options, SyntheticData data, int batchSize, bool grad, int rounds, int reps)
    {
        var c = CultureInfo.InvariantCulture;
        var (model, _) = KerasResNet(options);
        using var __ = model;
        using var batch = new ResNetBatch(data, batchSize);
        KerasBackend.SetSeed(options.Seed);
        using var raw = new NhwcResNet();
        using var copy = new NhwcResNet();
        using var mimic = new NhwcResNet(kernelsHwio: true, kerasBatchNorm: true);
        static int Uid(Layer l) => int.Parse(l.Name[(l.Name.LastIndexOf('_') + 1)..], CultureInfo.InvariantCulture);
        foreach (var net in new[] { copy, mimic })
        {
            net.CopyFrom(model.Layers.OfType<Conv2D>().OrderBy(Uid).ToList(), model.Layers.OfType<BatchNormalization>().OrderBy(Uid).ToList(),
                         model.Layers.OfType<Dense>().Single());
            net.train();
        }
        raw.train();
        var plan = Plan(model);
        var input = model.Inputs[0];
        Action Path(Action forward) => () =>
        {
            using var scope = torch.NewDisposeScope();
            using var mode = torch.set_grad_enabled(grad);
            forward();
        };
        var graph = Path(() => model.Apply(batch.X, training: true));
        var loop = Path(() =>
        {
            var values = new Dictionary<KerasTensor, Tensor> { [input] = batch.X };
            foreach (var (layer, inputs, output) in plan)
                values[output] = inputs.Length == 1 ? layer.Apply(values[inputs[0]], training: true)
                                                    : layer.Apply(inputs.Select(t => values[t]).ToArray(), training: true);
        });
        var rawForward = Path(() => F.softmax(raw.forward(batch.X), 1));
        var copyForward = Path(() => F.softmax(copy.forward(batch.X), 1));
        var mimicForward = Path(() => F.softmax(mimic.forward(batch.X), 1));
        var times = Alternating(rounds, reps, graph, loop, rawForward, copyForward, mimicForward);
        Console.WriteLine();
        Console.WriteLine(string.Create(c, $"Forward pass only, {(grad ? "with grad (the autograd graph built, no backward)" : "no grad")}, training mode, batch {batchSize} ({plan.Count} layer calls; ms per pass, median [best round] of {rounds} alternating rounds of {reps}):"));
        Console.WriteLine();
        Console.WriteLine("| path | ms | − raw (medians) |");
        Console.WriteLine("|---|---:|---:|");
        string[] names =
        {
            "KerasSharp model.Apply (Graph.Run → Layer.CallAll per node)", "the same layers' public Apply in a plain loop (no graph runner)",
            "raw NhwcResNet.forward + softmax", "raw NhwcResNet holding KerasSharp's weights",
            "raw NhwcResNet with KerasSharp's weights, HWIO kernels and batch-norm recipe (the same ops as KerasSharp, no layer machinery)",
        };
        var rawMedian = Stats.Median(times[2].ToArray());
        for (int i = 0; i < names.Length; i++)
            Console.WriteLine(string.Create(c, $"| {names[i]} | {Stats.Median(times[i].ToArray()):F3} [{times[i].Min():F3}] | {Stats.Median(times[i].ToArray()) - rawMedian:+0.000;-0.000} |"));
    }

    /// <summary>
    /// (4): what <c>TrainOnBatch</c> does each step besides the arithmetic, timed alone with the public API: building the
    /// model's weight lists (<c>Weights</c>, <c>TrainableWeights</c>: LINQ over every layer, as Trainer.TrainStep and
    /// CollectedTrainable do each step) and setting <c>requires_grad</c> and <c>grad = null</c> on every weight.
    /// </summary>
    private static void Bookkeeping(BenchOptions options, int rounds, int reps)
    {
        var c = CultureInfo.InvariantCulture;
        var (model, _) = KerasResNet(options);
        using var __ = model;
        var weights = model.Weights;
        var trainable = new HashSet<KerasVariable>(model.TrainableWeights);
        var lists = Alternating(rounds, reps, () => { _ = model.Weights; _ = model.TrainableWeights; })[0];
        var flags = Alternating(rounds, reps, () =>
        {
            foreach (var v in weights)
            {
                v.Value.requires_grad = trainable.Contains(v);
                v.Value.grad = null;
            }
        })[0];
        var grads = Alternating(rounds, reps, () => { foreach (var v in weights) v.Value.grad = null; })[0];
        Console.WriteLine();
        Console.WriteLine(string.Create(c, $"Per-step bookkeeping of TrainOnBatch, alone ({weights.Count} weights, {trainable.Count} trainable, {model.Layers.Count} layers; ms per call, median [best round] of {rounds} rounds of {reps}):"));
        Console.WriteLine();
        Console.WriteLine("| what | ms |");
        Console.WriteLine("|---|---:|");
        Console.WriteLine(string.Create(c, $"| model.Weights + model.TrainableWeights (new lists over every layer) | {Stats.Median(lists.ToArray()):F3} [{lists.Min():F3}] |"));
        Console.WriteLine(string.Create(c, $"| requires_grad = ... and grad = null on every weight (Trainer.TrainStep's loop) | {Stats.Median(flags.ToArray()):F3} [{flags.Min():F3}] |"));
        Console.WriteLine(string.Create(c, $"| grad = null alone on every weight | {Stats.Median(grads.ToArray()):F3} [{grads.Min():F3}] |"));
    }

    /// <summary>The model's layer calls in run order: the layer, the tensors it reads, the tensor it makes (one call each here).</summary>
    private static List<(Layer Layer, KerasTensor[] Inputs, KerasTensor Output)> Plan(Model model) =>
        model.Layers.Where(l => l is not InputLayer).Select(l => (l, l.Input.Unpack().ToArray(), l.Output)).ToList();

    /// <summary>(4): forward+backward of each layer against its raw op on the same input, summed by kind.</summary>
    private static void PerLayer(BenchOptions options, SyntheticData data, int rounds, int reps)
    {
        var c = CultureInfo.InvariantCulture;
        var (model, _) = KerasResNet(options);
        using var __ = model;
        using var batch = new ResNetBatch(data);
        var plan = Plan(model);
        var values = new Dictionary<KerasTensor, Tensor> { [model.Inputs[0]] = batch.X.detach().contiguous() };
        var byKind = new Dictionary<string, (int Count, double Keras, double Raw, double RawHwio, double KerasForward, double RawForward)>();
        var order = new List<string>();
        foreach (var (layer, inputKeys, output) in plan)
        {
            var inputs = inputKeys.Select(k => values[k]).ToArray();
            Tensor y;
            using (torch.no_grad())
                y = (inputs.Length == 1 ? layer.Apply(inputs[0], training: true) : layer.Apply(inputs, training: true)).detach().contiguous();
            values[output] = y;
            var owned = new List<Tensor>();
            var gradOut = torch.randn(y.shape);
            owned.Add(gradOut);
            var parameters = layer.TrainableWeights.Select(v => (Tensor)v.Value).ToList();
            var (kind, rawOp, rawHwio) = RawEquivalent(layer, owned);
            Func<Tensor[], Tensor> kerasOp = xs => xs.Length == 1 ? layer.Apply(xs[0], training: true) : layer.Apply(xs, training: true);
            var rawParameters = parameters.Concat(owned).ToList();
            var actions = new List<Action>
            {
                FwdBwd(inputs, gradOut, parameters, kerasOp, owned),
                FwdBwd(inputs, gradOut, rawParameters, rawOp, owned),
                FwdBwd(inputs, null, parameters, kerasOp, owned),
                FwdBwd(inputs, null, rawParameters, rawOp, owned),
            };
            if (rawHwio is not null) actions.Add(FwdBwd(inputs, gradOut, rawParameters, rawHwio, owned));
            var best = Alternating(rounds, reps, actions.ToArray()).Select(t => t.Min()).ToArray();
            if (!byKind.ContainsKey(kind)) order.Add(kind);
            var entry = byKind.GetValueOrDefault(kind);
            byKind[kind] = (entry.Count + 1, entry.Keras + best[0], entry.Raw + best[1], entry.RawHwio + (best.Length > 4 ? best[4] : double.NaN),
                            entry.KerasForward + best[2], entry.RawForward + best[3]);
            foreach (var t in owned) t.Dispose();
        }
        Console.WriteLine();
        Console.WriteLine(string.Create(c, $"Forward+backward of each layer on its real input (batch 32, training mode), against the raw op on the same input; best of {rounds} alternating rounds of {reps}, summed by kind (ms):"));
        Console.WriteLine();
        Console.WriteLine("| kind | calls | KerasSharp fwd+bwd | raw fwd+bwd (OHWI kernel for convs) | KerasSharp − raw | per call | KerasSharp fwd | raw fwd | fwd: KerasSharp − raw | raw fwd+bwd with KerasSharp's HWIO kernel view |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        double tk = 0, tr = 0, tkf = 0, trf = 0;
        foreach (var kind in order)
        {
            var (n, k, r, h, kf, rf) = byKind[kind];
            tk += k;
            tr += r;
            tkf += kf;
            trf += rf;
            Console.WriteLine(string.Create(c, $"| {kind} | {n} | {k:F2} | {r:F2} | {k - r:+0.00;-0.00} | {(k - r) / n * 1000:+0;-0} µs | {kf:F2} | {rf:F2} | {kf - rf:+0.00;-0.00} | {(double.IsNaN(h) ? "" : h.ToString("F2", c))} |"));
        }
        Console.WriteLine(string.Create(c, $"| **sum** | {plan.Count} | {tk:F2} | {tr:F2} | {tk - tr:+0.00;-0.00} | | {tkf:F2} | {trf:F2} | {tkf - trf:+0.00;-0.00} | |"));
        foreach (var t in values.Values) t.Dispose();
    }

    /// <summary>The raw op for a layer, on the layer's own weights (conv kernels copied to OHWI; batch norm with copies of the moving statistics).</summary>
    private static (string Kind, Func<Tensor[], Tensor> Raw, Func<Tensor[], Tensor>? RawHwio) RawEquivalent(Layer layer, List<Tensor> owned)
    {
        switch (layer)
        {
            case Conv2D conv:
            {
                var hwio = conv.Kernel.Value;
                var ohwi = hwio.detach().permute(3, 0, 1, 2).contiguous().requires_grad_(true);
                owned.Add(ohwi);
                var bias = conv.Bias?.Value;
                var (k, s) = (conv.KernelSize[0], conv.Strides[0]);
                Func<Tensor[], Tensor> Op(Func<Tensor> weight) => xs => RawConv(xs[0], weight(), bias, k, s);
                return ($"Conv2D {k}x{k} stride {s}", Op(() => ohwi.permute(0, 3, 1, 2)), Op(() => hwio.permute(3, 2, 0, 1)));
            }
            case BatchNormalization bn:
            {
                var w = bn.Weights;
                var mean = w[2].Value.detach().clone();
                var variance = w[3].Value.detach().clone();
                owned.Add(mean);
                owned.Add(variance);
                return ("BatchNormalization", xs => ToNhwc(F.batch_norm(ToNchw(xs[0]), mean, variance, w[0].Value, w[1].Value, true, 0.01, bn.Epsilon)), null);
            }
            case Activation:
                return ("Activation relu", xs => F.relu(xs[0]), null);
            case Add:
                return ("Add", xs => xs[0] + xs[1], null);
            case AveragePooling2D:
                return ("AveragePooling2D 8", xs => ToNhwc(F.avg_pool2d(ToNchw(xs[0]), new long[] { 8, 8 }, new long[] { 8, 8 })), null);
            case Flatten:
                return ("Flatten", xs => xs[0].reshape(xs[0].shape[0], -1), null);
            case Dense dense:
            {
                var kernel = dense.Kernel.Value;
                var bias = dense.Bias?.Value;
                return ("Dense softmax", xs => F.softmax(F.linear(xs[0], kernel.t(), bias), -1), null);
            }
            default:
                return (layer.GetType().Name, xs => xs[0].alias(), null);
        }
    }

    /// <summary>TensorFlow 'same' conv on an NHWC tensor, as <see cref="NhwcResNet"/> does it.</summary>
    private static Tensor RawConv(Tensor x, Tensor oihw, Tensor? bias, int k, int s)
    {
        var xt = ToNchw(x);
        var n = (int)xt.shape[2];
        var total = Math.Max(((n + s - 1) / s - 1) * s + k - n, 0);
        var (before, after) = (total / 2, total - total / 2);
        long pad = before;
        if (before != after)
        {
            xt = F.pad(xt, new long[] { before, after, before, after });
            pad = 0;
        }
        return ToNhwc(F.conv2d(xt, oihw, bias, strides: new long[] { s, s }, padding: new long[] { pad, pad }));
    }

    /// <summary>One forward+backward on leaf copies of the inputs, in its own dispose scope (forward alone, autograd graph built, when <paramref name="gradOut"/> is null).</summary>
    private static Action FwdBwd(Tensor[] xs, Tensor? gradOut, IReadOnlyList<Tensor> parameters, Func<Tensor[], Tensor> forward, List<Tensor> owned)
    {
        var inputs = xs.Select(x => x.detach().clone().requires_grad_(true)).ToArray();
        owned.AddRange(inputs);
        return () =>
        {
            using var scope = torch.NewDisposeScope();
            foreach (var input in inputs) input.grad = null;
            foreach (var p in parameters) if (p.requires_grad) p.grad = null;
            var y = forward(inputs);
            if (gradOut is not null) y.backward(new[] { gradOut });
        };
    }

    /// <summary>Times the actions in alternating rounds (order reversed every other round) after one warm-up round; ms per call of each round.</summary>
    private static List<double>[] Alternating(int rounds, int reps, params Action[] actions)
    {
        foreach (var a in actions) TimeMs(2, a);
        var times = actions.Select(_ => new List<double>()).ToArray();
        for (int r = 0; r < rounds; r++)
        {
            var order = Enumerable.Range(0, actions.Length).ToArray();
            if (r % 2 == 1) Array.Reverse(order);
            foreach (var i in order) times[i].Add(TimeMs(reps, actions[i]));
        }
        return times;
    }

    private static double TimeMs(int reps, Action action)
    {
        var start = _now();
        for (int i = 0; i < reps; i++) action();
        return (_now() - start) / reps;
    }

    private static double Lap(ref double start)
    {
        var now = _now();
        var ms = now - start;
        start = now;
        return ms;
    }

    private static string LoadAverage()
    {
        try { return string.Join(" ", System.IO.File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (System.IO.IOException) { return "n/a"; }
    }

    private static Tensor ToNchw(Tensor nhwc) => nhwc.permute(0, 3, 1, 2);

    private static Tensor ToNhwc(Tensor nchw) => nchw.permute(0, 2, 3, 1);
}
