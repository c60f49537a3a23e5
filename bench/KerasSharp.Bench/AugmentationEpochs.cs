using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using KerasSharp.Backend;
using KerasSharp.Callbacks;
using KerasSharp.Datasets;
using KerasSharp.Optimizers;
using KerasSharp.Utils;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasSharp.Bench;

/// <summary>
/// Epoch time of the tutorial model for <c>--augment</c>: <c>Fit</c> on the arrays (no augmentation),
/// <c>FitGenerator</c> on a plain <see cref="Sequence"/> of shuffled array batches (the background-worker path without
/// augmentation) and <c>FitGenerator</c> on <c>datagen.Flow</c> with the tutorial's augmentation, with
/// <c>workers: 1</c> and <c>workers: 4</c>. One model for all, so they train the same weights under the same allocator
/// state; interleaved rounds of one epoch each. Each epoch records wall time, process CPU time, and how its wall time
/// splits between the training steps (batch begin to batch end) and the waits for the next batch.
/// </summary>
internal static class AugmentationEpochs
{
    private const int B = AugmentationBench.BatchSize;

    /// <summary>One epoch: wall and process CPU seconds, seconds inside the steps, gen-0 and gen-2 collections.</summary>
    public sealed record Epoch(double Seconds, double CpuSeconds, double StepSeconds, int Gen0, int Gen2);

    /// <summary>The epochs of one way of training, by round.</summary>
    public sealed record Run(string Name, string Description, Epoch[] Rounds)
    {
        public double[] Seconds => Rounds.Select(r => r.Seconds).ToArray();
        public double[] CpuSeconds => Rounds.Select(r => r.CpuSeconds).ToArray();
        public double[] StepSeconds => Rounds.Select(r => r.StepSeconds).ToArray();
    }

    public sealed record Result(Run[] Runs, int Steps, int Images, string Data)
    {
        public Run this[string name] => Runs.Single(r => r.Name == name);
    }

    /// <summary>
    /// <paramref name="data"/> "synthetic": standard normal images (as the tutorial's z-scored x_train) and random
    /// one-hot labels; "cifar10": the first <paramref name="images"/> of CIFAR-10's x_train from
    /// <c>Cifar10.LoadData()</c> ($KERAS_HOME), z-scored by the mean and std of the whole x_train as the tutorial does.
    /// </summary>
    public static readonly string[] RunNames = ["fit", "plain", "flow", "flow-w4", "flow-cf"];

    public static Result Measure(int images, int seed, int rounds, string data, IReadOnlyCollection<string> only)
    {
        KerasBackend.SetSeed(seed);
        var (x, y) = Data(images, seed, data);
        using var xs = x;
        using var ys = y;
        using var model = KerasVariant.BuildTutorialModel();
        model.Compile(new RMSprop(lr: 0.001, decay: 1e-6), loss: "categorical_crossentropy", metrics: ["accuracy"]);
        var steps = images / B; // the tutorial's steps_per_epoch = x_train.shape[0] // batch_size
        var flow = AugmentationBench.TutorialGenerator().Flow(x, y, batch_size: B);
        var plain = new ArraySequence(x, y, B);
        var channelsFirst = new ChannelsFirst(flow);
        var clock = new StepClock();

        var all = new (string Name, string Description, Action<Callback> Epoch)[]
        {
            ("fit", "`model.Fit(x, y, batch_size: 64, epochs: 1)`: arrays, no augmentation",
             cb => model.Fit(x, y, batch_size: B, epochs: 1, verbose: 0, callbacks: [cb])),
            ("plain", "`model.FitGenerator(seq, ...)`: a plain Sequence of shuffled array batches (`index_select`), no augmentation: the background-worker path alone",
             cb => model.FitGenerator(plain, steps_per_epoch: steps, epochs: 1, verbose: 0, callbacks: [cb])),
            ("flow", "`model.FitGenerator(datagen.Flow(x, y, batch_size: 64), steps_per_epoch: n / 64, epochs: 1)`: tutorial augmentation, `workers: 1` (Keras's default)",
             cb => model.FitGenerator(flow, steps_per_epoch: steps, epochs: 1, verbose: 0, callbacks: [cb])),
            ("flow-w4", "the same with `workers: 4` (cifar10_cnn's, cifar10_resnet's)",
             cb => model.FitGenerator(flow, steps_per_epoch: steps, epochs: 1, verbose: 0, callbacks: [cb], workers: 4)),
            ("flow-cf", "before 2026-11-29: the same augmented batches stored channels-first, as the transform left them (grid_sample's NCHW memory seen as NHWC)",
             cb => model.FitGenerator(channelsFirst, steps_per_epoch: steps, epochs: 1, verbose: 0, callbacks: [cb])),
        };
        var runs = all.Where(r => only.Contains(r.Name)).ToArray();
        var measured = runs.Select(_ => new List<Epoch>()).ToArray();
        foreach (var run in runs)
        {
            var e = Time(run.Epoch, clock);
            VariantRunner.Log($"[augment] warm-up epoch {run.Name}: {e.Seconds:F2} s");
        }
        for (int r = 0; r < rounds; r++)
        {
            for (int k = 0; k < runs.Length; k++)
            {
                var i = (k + r) % runs.Length; // rotate the order round by round
                var e = Time(runs[i].Epoch, clock);
                measured[i].Add(e);
                VariantRunner.Log($"[augment] round {r + 1}/{rounds} {runs[i].Name}: {e.Seconds:F2} s/epoch wall, {e.CpuSeconds:F2} s CPU, {e.StepSeconds:F2} s in steps, GC gen0 {e.Gen0} gen2 {e.Gen2}");
            }
        }
        return new Result(runs.Select((run, i) => new Run(run.Name, run.Description, measured[i].ToArray())).ToArray(), steps, images, data);
    }

    private static Epoch Time(Action<Callback> epoch, StepClock clock)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var gen0 = GC.CollectionCount(0);
        var gen2 = GC.CollectionCount(2);
        clock.Reset();
        var cpu = CpuClock.ProcessMs();
        var sw = Stopwatch.StartNew();
        epoch(clock);
        var wall = sw.Elapsed.TotalSeconds;
        var cpuSeconds = (CpuClock.ProcessMs() - cpu) / 1e3;
        return new Epoch(wall, cpuSeconds, clock.StepSeconds, GC.CollectionCount(0) - gen0, GC.CollectionCount(2) - gen2);
    }

    /// <summary>The images and one-hot targets of <see cref="Measure"/>'s <paramref name="data"/>.</summary>
    public static (Tensor X, Tensor Y) Data(int images, int seed, string data) =>
        data == "cifar10" ? Cifar10Images(images) : (AugmentationData.Images(images, seed + 2, pixelRange: false), AugmentationData.OneHot(images, seed + 3));

    /// <summary>(x_train[..n] z-scored by the whole x_train's mean and std, to_categorical(y_train[..n], 10)).</summary>
    private static (Tensor X, Tensor Y) Cifar10Images(int n)
    {
        var ((xTrain, yTrain), (xTest, yTest)) = Cifar10.LoadData();
        using (xTest) using (yTest) using (xTrain) using (yTrain)
        {
            if (n > xTrain.shape[0]) throw new ArgumentException($"--epoch-images {n}: CIFAR-10 has {xTrain.shape[0]} training images.");
            using var all = xTrain.to_type(float32);
            var mean = all.mean().item<float>();
            var std = all.std(unbiased: false).item<float>();
            using var head = all.narrow(0, 0, n);
            var x = head.sub(mean).div_(std + 1e-7f);
            using var labels = yTrain.narrow(0, 0, n);
            return (x, NpUtils.ToCategorical(labels, 10));
        }
    }

    /// <summary>Sums the time from each batch's begin to its end (the train step) over an epoch.</summary>
    private sealed class StepClock : Callback
    {
        private readonly Stopwatch _step = new();

        public double StepSeconds => _step.Elapsed.TotalSeconds;

        public void Reset() => _step.Reset();

        public override void OnTrainBatchBegin(int batch, Logs logs) => _step.Start();

        public override void OnTrainBatchEnd(int batch, Logs logs) => _step.Stop();
    }

    /// <summary>Another Sequence's batches with x stored channels-first (an NHWC view of NCHW memory).</summary>
    private sealed class ChannelsFirst(Sequence inner) : Sequence
    {
        public override int Count => inner.Count;

        public override (Tensor x, Tensor? y, Tensor? sample_weight) GetItem(int index)
        {
            var (x, y, w) = inner.GetItem(index);
            return (x.permute(0, 3, 1, 2).contiguous().permute(0, 2, 3, 1), y, w);
        }

        public override void OnEpochEnd() => inner.OnEpochEnd();
    }

    /// <summary>Batches of the arrays in a shuffled order (reshuffled at each epoch end), with no augmentation.</summary>
    private sealed class ArraySequence : Sequence
    {
        private readonly Tensor _x;
        private readonly Tensor _y;
        private readonly int _batchSize;
        private Tensor _order;

        public ArraySequence(Tensor x, Tensor y, int batchSize)
        {
            (_x, _y, _batchSize) = (x, y, batchSize);
            _order = torch.randperm(x.shape[0]).DetachFromDisposeScope();
        }

        public override int Count => (int)((_x.shape[0] + _batchSize - 1) / _batchSize);

        public override (Tensor x, Tensor? y, Tensor? sample_weight) GetItem(int index)
        {
            var start = (long)index * _batchSize;
            using var idx = _order.narrow(0, start, Math.Min(_batchSize, _x.shape[0] - start));
            return (_x.index_select(0, idx), _y.index_select(0, idx), null);
        }

        public override void OnEpochEnd()
        {
            _order.Dispose();
            _order = torch.randperm(_x.shape[0]).DetachFromDisposeScope();
        }
    }
}
