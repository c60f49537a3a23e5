using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using KerasSharp.Backend;
using KerasSharp.Optimizers;
using KerasSharp.Utils;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasSharp.Bench;

/// <summary>
/// Epoch time of the tutorial model for <c>--augment</c>: <c>Fit</c> on the arrays (no augmentation),
/// <c>FitGenerator</c> on a plain <see cref="Sequence"/> of shuffled array batches (the background-worker path without
/// augmentation) and <c>FitGenerator</c> on <c>datagen.Flow</c> with the tutorial's augmentation. One model for all
/// three, so they train the same weights under the same allocator state; interleaved rounds of one epoch each.
/// </summary>
internal static class AugmentationEpochs
{
    private const int B = AugmentationBench.BatchSize;

    /// <summary>Seconds per epoch of each round.</summary>
    public sealed record Result(double[] Fit, double[] FitGeneratorPlain, double[] FitGenerator, int Steps, int Images);

    public static Result Measure(int images, int seed, int rounds)
    {
        KerasBackend.SetSeed(seed);
        using var x = AugmentationData.Images(images, seed + 2, pixelRange: false);
        using var y = AugmentationData.OneHot(images, seed + 3);
        using var model = KerasVariant.BuildTutorialModel();
        model.Compile(new RMSprop(lr: 0.001, decay: 1e-6), loss: "categorical_crossentropy", metrics: ["accuracy"]);
        var steps = images / B; // the tutorial's steps_per_epoch = x_train.shape[0] // batch_size
        var flow = AugmentationBench.TutorialGenerator().Flow(x, y, batch_size: B);
        var plain = new ArraySequence(x, y, B);

        var runs = new (string Name, Action Epoch, List<double> Seconds)[]
        {
            ("fit", () => model.Fit(x, y, batch_size: B, epochs: 1, verbose: 0), new List<double>()),
            ("fit_generator(plain sequence)", () => model.FitGenerator(plain, steps_per_epoch: steps, epochs: 1, verbose: 0), new List<double>()),
            ("fit_generator(augmenting flow)", () => model.FitGenerator(flow, steps_per_epoch: steps, epochs: 1, verbose: 0), new List<double>()),
        };
        var sw = new Stopwatch();
        foreach (var run in runs)
        {
            sw.Restart();
            run.Epoch();
            VariantRunner.Log($"[augment] warm-up epoch {run.Name}: {sw.Elapsed.TotalSeconds:F2} s");
        }
        for (int r = 0; r < rounds; r++)
        {
            for (int k = 0; k < runs.Length; k++)
            {
                var run = runs[(k + r) % runs.Length]; // rotate the order round by round
                sw.Restart();
                run.Epoch();
                run.Seconds.Add(sw.Elapsed.TotalSeconds);
                VariantRunner.Log($"[augment] round {r + 1}/{rounds} {run.Name}: {run.Seconds[^1]:F2} s/epoch");
            }
        }
        return new Result(runs[0].Seconds.ToArray(), runs[1].Seconds.ToArray(), runs[2].Seconds.ToArray(), steps, images);
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
