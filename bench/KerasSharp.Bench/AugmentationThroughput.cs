using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Reflection;
using KerasSharp.Preprocessing.Image;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace KerasSharp.Bench;

/// <summary>
/// Augmentation throughput for <c>--augment</c>: KerasSharp's <c>Flow(...).GetItem(i)</c> over every batch, against
/// the bare TorchSharp resampling (<c>affine_grid</c> + <c>grid_sample</c>) of the same images, in interleaved
/// rounds; and a per-part breakdown of one KerasSharp batch.
/// </summary>
internal static class AugmentationThroughput
{
    private const int B = AugmentationBench.BatchSize;
    private const int WarmupBatches = 128;

    /// <summary>Images per second of each round.</summary>
    public sealed record Result(double[] Keras, double[] Bare, int Batches);

    public static Result Measure(Tensor images, Tensor labels, int rounds)
    {
        var n = (int)images.shape[0];
        var flow = AugmentationBench.TutorialGenerator().Flow(images, labels, batch_size: B, shuffle: true);
        var keras = new List<double>();
        var bare = new List<double>();
        // Warm-up: at least WarmupBatches batches of each (first allocations, JIT tiers, the allocator's thresholds):
        // on a small image set the first passes ran up to 3x slower than the later ones.
        for (int seen = 0; seen < WarmupBatches; seen += flow.Count)
        {
            KerasPass(flow, n);
            BarePass(images);
        }
        for (int r = 0; r < rounds; r++)
        {
            // Alternate the order so that neither always runs right after the other.
            if (r % 2 == 0) { keras.Add(KerasPass(flow, n)); bare.Add(BarePass(images)); }
            else { bare.Add(BarePass(images)); keras.Add(KerasPass(flow, n)); }
            VariantRunner.Log($"[augment] round {r + 1}/{rounds}: KerasSharp {keras[^1]:F0} images/s, bare {bare[^1]:F0} images/s");
        }
        return new Result(keras.ToArray(), bare.ToArray(), flow.Count);
    }

    /// <summary>One pass over every batch of the flow, as FitGenerator's worker makes them; images per second.</summary>
    private static double KerasPass(NumpyArrayIterator flow, int n)
    {
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < flow.Count; i++)
        {
            using var scope = torch.NewDisposeScope();
            flow.GetItem(i);
        }
        var seconds = sw.Elapsed.TotalSeconds;
        flow.OnEpochEnd(); // a new permutation, as between epochs (not timed)
        return n / seconds;
    }

    /// <summary>The bare reference over contiguous batches of the images; images per second.</summary>
    private static double BarePass(Tensor images)
    {
        var n = images.shape[0];
        var sw = Stopwatch.StartNew();
        for (long start = 0; start < n; start += B)
        {
            using var scope = torch.NewDisposeScope();
            BareAugment(images.narrow(0, start, Math.Min(B, n - start)));
        }
        return n / sw.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// The bare reference, no Keras semantics: a random rotation (±15°), shifts (±0.1 of the size) and horizontal flip
    /// per sample as 2x3 theta matrices built from one <c>rand(B, 4)</c>, then <c>affine_grid</c> and bilinear
    /// <c>grid_sample</c> (border padding, align_corners false) on the NHWC batch viewed as NCHW; the result viewed
    /// back as NHWC (no copies either way).
    /// </summary>
    public static Tensor BareAugment(Tensor batch)
    {
        var (b, h, w, c) = (batch.shape[0], batch.shape[1], batch.shape[2], batch.shape[3]);
        var u = torch.rand(b, 4).sub_(0.5).mul_(2); // uniform -1..1
        var angle = u.select(1, 0) * (15 * Math.PI / 180);
        var tx = u.select(1, 1) * 0.2; // 0.1 of the size is 0.2 in the normalised -1..1 coordinates
        var ty = u.select(1, 2) * 0.2;
        var flip = u.select(1, 3).sign();
        var (cos, sin) = (angle.cos(), angle.sin());
        var theta = torch.stack(new[] { cos * flip, -sin, tx, sin * flip, cos, ty }, 1).view(b, 2, 3);
        var grid = F.affine_grid(theta, new[] { b, c, h, w }, align_corners: false);
        return F.grid_sample(batch.permute(0, 3, 1, 2), grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Border,
                             align_corners: false).permute(0, 2, 3, 1);
    }

    public sealed record Part(string Name, double Ms, bool InSum);

    public sealed record BreakdownResult(IReadOnlyList<Part> Parts, int Rounds, string? Error);

    /// <summary>
    /// Times the steps of <c>GetItem</c> one by one on every batch of a pass: the index slice, the gather of x and y,
    /// the per-sample parameter draw, the batched transform and standardize (the internal methods by reflection, so
    /// a change of their signatures turns this part off instead of breaking the build); then a whole
    /// <c>GetItem</c> pass and the bare reference on the same gathered batches, for comparison.
    /// </summary>
    public static BreakdownResult Breakdown(Tensor images, Tensor labels, int rounds)
    {
        const BindingFlags Any = BindingFlags.Public | BindingFlags.NonPublic;
        var assembly = typeof(ImageDataGenerator).Assembly;
        var draw = typeof(ImageDataGenerator).GetMethod("Draw", Any | BindingFlags.Instance, null,
            new[] { typeof(long), typeof(long[]), typeof(torch.Generator) }, null);
        var transformBatch = assembly.GetType("KerasSharp.Preprocessing.Image.TransformBatch");
        var apply = transformBatch is null ? null : assembly.GetType("KerasSharp.Preprocessing.Image.AffineTransformer")
            ?.GetMethod("Apply", Any | BindingFlags.Static, null, new[] { typeof(Tensor), transformBatch, typeof(string), typeof(double) }, null);
        if (draw is null || apply is null)
            return new BreakdownResult(Array.Empty<Part>(), 0,
                "KerasSharp's internal ImageDataGenerator.Draw(long, long[], Generator) or AffineTransformer.Apply(Tensor, TransformBatch, string, double) was not found (changed?).");

        var datagen = AugmentationBench.TutorialGenerator();
        var n = images.shape[0];
        var imageShape = images.shape[1..];
        var names = new[]
        {
            "index: the batch's slice of the shuffled order (`narrow` + `clone`)",
            "gather: `x.index_select(0, idx).to(float32, device)` and `y.index_select(0, idx)`",
            "draw: per-sample Keras parameters (`Draw`: ten (B,) CPU float64 tensors)",
            "transform: `AffineTransformer.Apply` (float64 coordinates, 4 gathers, bilinear blend)",
            "standardize: `Standardize` (nothing to do with the tutorial's settings)",
        };
        var perRound = names.Select(_ => new List<double>()).ToArray();
        var getItem = new List<double>();
        var bare = new List<double>();
        var sw = new Stopwatch();
        double Time(Action action) { sw.Restart(); action(); return sw.Elapsed.TotalMilliseconds; }
        var flow = datagen.Flow(images, labels, batch_size: B, shuffle: true);
        var batches = (int)((n + B - 1) / B);

        for (int r = 0; r <= rounds; r++) // round 0 is the warm-up (the throughput passes warmed up the process already)
        {
            var sums = new double[names.Length];
            double bareSum = 0;
            using var order = torch.randperm(n);
            for (int i = 0; i < batches; i++)
            {
                using var scope = torch.NewDisposeScope();
                Tensor idx = null!, x = null!, augmented = null!;
                object parameters = null!;
                sums[0] += Time(() => idx = order.narrow(0, (long)i * B, Math.Min(B, n - (long)i * B)).clone());
                sums[1] += Time(() => { x = images.index_select(0, idx).to(float32, Backend.KerasBackend.Device); labels.index_select(0, idx); });
                sums[2] += Time(() => parameters = draw.Invoke(datagen, new object?[] { idx.shape[0], imageShape, null })!);
                sums[3] += Time(() => augmented = (Tensor)apply.Invoke(null, new object[] { x, parameters, datagen.FillMode, datagen.Cval })!);
                sums[4] += Time(() => datagen.Standardize(augmented));
                bareSum += Time(() => BareAugment(x));
            }
            sw.Restart();
            for (int i = 0; i < flow.Count; i++)
            {
                using var scope = torch.NewDisposeScope();
                flow.GetItem(i);
            }
            var whole = sw.Elapsed.TotalMilliseconds;
            if (r == 0) continue;
            for (int p = 0; p < names.Length; p++) perRound[p].Add(sums[p] / batches);
            getItem.Add(whole / flow.Count);
            bare.Add(bareSum / batches);
        }

        var parts = names.Select((name, p) => new Part(name, Stats.Median(perRound[p].ToArray()), true)).ToList();
        parts.Add(new Part("*whole `GetItem(i)`, timed in its own pass*", Stats.Median(getItem.ToArray()), false));
        parts.Add(new Part("*bare reference (theta, `affine_grid`, `grid_sample`) on the same gathered batch*", Stats.Median(bare.ToArray()), false));
        return new BreakdownResult(parts, rounds, null);
    }
}
