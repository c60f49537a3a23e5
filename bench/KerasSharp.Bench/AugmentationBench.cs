using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using KerasSharp.Preprocessing.Image;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasSharp.Bench;

/// <summary>
/// <c>--augment</c>: the tutorial's real-time augmentation (ImageDataGenerator(rotation_range=15,
/// width_shift_range=0.1, height_shift_range=0.1, horizontal_flip=True), batch 64, 32x32x3 float32). Prints Markdown:
/// (1) throughput of <c>datagen.Flow(...).GetItem(i)</c> against a bare TorchSharp affine_grid + grid_sample on the
/// same images, interleaved rounds; (1b) where one KerasSharp batch's time goes; (2) the epoch time of
/// <c>FitGenerator</c> with that augmentation against <c>Fit</c> on the same arrays. The last line is an HTML comment
/// with the medians for <c>run.sh</c>'s summary (augmentation_keras.py prints its twin).
/// </summary>
internal static class AugmentationBench
{
    public const int BatchSize = BenchOptions.BatchSize;

    /// <summary>The tutorial's generator (../shared/reference/cifar10_keras2.py).</summary>
    public static ImageDataGenerator TutorialGenerator() =>
        new(rotation_range: 15, width_shift_range: 0.1, height_shift_range: 0.1, horizontal_flip: true);

    public static void Run(BenchOptions options)
    {
        VariantRunner.InitializeTorch(options);
        var c = CultureInfo.InvariantCulture;
        static void Line(string text = "") => Console.WriteLine(text);

        // 1. Throughput on synthetic 0..255 images (skipped with --epochs-only).
        double? keras = null, bare = null;
        var n = options.AugImages;
        if (!options.EpochsOnly)
            (keras, bare) = Throughput(options, n);

        // 2. Epoch time: FitGenerator with augmentation against Fit on the arrays.
        AugmentationEpochs.Result? epochs = null;
        if (options.EpochProbe)
            AugmentationProbe.Run(Math.Max(BatchSize, options.EpochImages / BatchSize * BatchSize), options.Seed, options.EpochRounds, options.EpochData);
        else if (options.EpochImages > 0)
        {
            var m = Math.Max(BatchSize, options.EpochImages / BatchSize * BatchSize);
            VariantRunner.Log($"[augment] epochs: {m} images ({options.EpochData}), {m / BatchSize} steps, {options.EpochRounds} interleaved rounds, runs {string.Join(",", options.EpochRuns)}");
            epochs = AugmentationEpochs.Measure(m, options.Seed, options.EpochRounds, options.EpochData, options.EpochRuns);
            var fitRun = epochs.Runs.FirstOrDefault(r => r.Name == "fit");
            var fit = fitRun is null ? double.NaN : Stats.Median(fitRun.Seconds);
            var fitCpu = fitRun is null ? double.NaN : Stats.Median(fitRun.CpuSeconds);
            Line("### Epoch time with augmentation");
            Line();
            var what = epochs.Data == "cifar10"
                ? $"the first {m:N0} CIFAR-10 training images (x_train z-scored by the whole x_train's mean and std, as the tutorial does)"
                : $"{m:N0} synthetic images (standard normal, as the tutorial's z-scored x_train)";
            Line(string.Create(c, $"The tutorial model (RMSprop(lr 0.001, decay 1e-6), categorical cross-entropy, accuracy), batch {BatchSize}, {what}, {epochs.Steps} steps per epoch, `verbose: 0`, one model for all rows; torch threads {torch.get_num_threads()}, {Environment.ProcessorCount} cores, load average before the epochs {LoadAverage()}. One untimed epoch of each, then interleaved rounds of one epoch each: {options.EpochRounds} (the order rotating); medians and [min–max]. CPU is the process's CPU time (all threads); \"in steps\" is the time from each batch's begin to its end, the rest of the wall time is waiting for batches."));
            Line();
            Line("| run | wall s (median) [range] | vs Fit | CPU s (median) [range] | CPU vs Fit | in steps s | ms/step |");
            Line("|---|---:|---:|---:|---:|---:|---:|");
            foreach (var run in epochs.Runs)
            {
                var wall = Stats.Median(run.Seconds);
                var cpu = Stats.Median(run.CpuSeconds);
                Line(string.Create(c, $"| {run.Description} | {wall:F2} [{run.Seconds.Min():F2}–{run.Seconds.Max():F2}] | {wall / fit:F3}x | {cpu:F2} [{run.CpuSeconds.Min():F2}–{run.CpuSeconds.Max():F2}] | {cpu / fitCpu:F3}x | {Stats.Median(run.StepSeconds):F2} | {wall * 1000 / epochs.Steps:F1} |"));
            }
            Line();
            if (epochs.Runs.FirstOrDefault(r => r.Name == "flow") is { } flowRun)
            {
                var fitGen = Stats.Median(flowRun.Seconds);
                Line(string.Create(c, $"FitGenerator with augmentation / Fit: **{fitGen / fit:F3}x** wall, {Stats.Median(flowRun.CpuSeconds) / fitCpu:F3}x CPU (goal ≤ 1.05x: augmentation hidden behind training by the background worker)."));
                if (keras is double k)
                {
                    var augAlone = m / k;
                    Line(string.Create(c, $"Augmenting {m:N0} images takes {augAlone:F2} s on its own at the throughput above ({augAlone / fit:P0} of a Fit epoch): that is the work the worker has to hide, on the same cores the training step uses."));
                }
                Line();
            }
        }

        string Median(string run) => epochs?.Runs.FirstOrDefault(r => r.Name == run) is { } r ? Stats.Median(r.Seconds).ToString("F3", c) : "nan";
        var epochFields = epochs is null ? "" : string.Create(c,
            $" fit_epoch_s={Median("fit")} fitgen_epoch_s={Median("flow")} fitgen_plain_epoch_s={Median("plain")} fitgen_w4_epoch_s={Median("flow-w4")} epoch_images={epochs.Images} epoch_data={epochs.Data}");
        Console.WriteLine(string.Create(c, $"<!-- AUGMENT kerassharp_img_s={keras ?? double.NaN:F1} bare_img_s={bare ?? double.NaN:F1} images={n} rounds={options.AugRounds}{epochFields} -->"));
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(" ", System.IO.File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (System.IO.IOException)
        {
            return "unknown";
        }
    }

    private static (double Keras, double Bare) Throughput(BenchOptions options, int n)
    {
        var c = CultureInfo.InvariantCulture;
        static void Line(string text = "") => Console.WriteLine(text);
        using var images = AugmentationData.Images(n, options.Seed, pixelRange: true);
        using var labels = AugmentationData.OneHot(n, options.Seed + 1);
        VariantRunner.Log($"[augment] throughput: {n} images, batch {BatchSize}, {options.AugRounds} interleaved rounds, torch threads {torch.get_num_threads()}");
        var throughput = AugmentationThroughput.Measure(images, labels, options.AugRounds);
        var keras = Stats.Median(throughput.Keras);
        var bare = Stats.Median(throughput.Bare);

        Line("### Augmentation throughput");
        Line();
        Line(string.Create(c, $"The tutorial's `ImageDataGenerator(rotation_range=15, width_shift_range=0.1, height_shift_range=0.1, horizontal_flip=True)`, batch {BatchSize}, {n:N0} synthetic 32×32×3 float32 images (uniform 0..255), {throughput.Batches} batches per pass; torch threads {torch.get_num_threads()}. Interleaved rounds: {options.AugRounds} (one pass of each per round, the order alternating), after untimed passes of each (at least 128 batches); medians."));
        Line();
        Line("| what | images/s (median) | ms/batch | vs bare | rounds (images/s) |");
        Line("|---|---:|---:|---:|---|");
        Line(Row("KerasSharp `datagen.Flow(x, y, batch_size: 64, shuffle: true).GetItem(i)`: gather, per-sample Keras parameters, batched transform, standardize", throughput.Keras, bare));
        Line(Row("bare TorchSharp: per-sample 2×3 theta from one `rand(B, 4)`, `affine_grid` + `grid_sample` (bilinear, border, align_corners false) on the NHWC batch viewed as NCHW; contiguous slices, no gather", throughput.Bare, bare));
        Line();
        Line(string.Create(c, $"KerasSharp / bare: **{keras / bare:F2}x** (required: ≥ 1.00 in the same run)."));
        Line();

        // 1b. Where the time of one KerasSharp batch goes.
        var breakdown = AugmentationThroughput.Breakdown(images, labels, Math.Min(options.AugRounds, 3));
        Line("#### Where a KerasSharp batch's time goes");
        Line();
        if (breakdown.Error is not null)
        {
            Line($"Not measured: {breakdown.Error}");
        }
        else
        {
            Line(string.Create(c, $"Each part timed separately on every batch of a pass (the internal `ImageDataGenerator.Draw` and `AffineTransformer.Apply` called by reflection), median of {breakdown.Rounds} passes, ms per batch of {BatchSize}:"));
            Line();
            Line("| part | ms/batch | share of the parts |");
            Line("|---|---:|---:|");
            var sum = breakdown.Parts.Where(p => p.InSum).Sum(p => p.Ms);
            foreach (var part in breakdown.Parts.Where(p => p.InSum))
                Line(string.Create(c, $"| {part.Name} | {part.Ms:F3} | {(part.Ms / sum).ToString("P0", c)} |"));
            Line(string.Create(c, $"| **sum of the parts** | {sum:F3} | |"));
            foreach (var part in breakdown.Parts.Where(p => !p.InSum))
                Line(string.Create(c, $"| {part.Name} | {part.Ms:F3} | |"));
        }
        Line();

        return (keras, bare);

        string Row(string name, double[] rounds, double baseline)
        {
            var median = Stats.Median(rounds);
            return string.Create(c, $"| {name} | {median:N0} | {BatchSize * 1000.0 / median:F2} | {median / baseline:F2}x | {string.Join(" / ", rounds.Select(r => r.ToString("N0", c)))} |");
        }
    }
}

/// <summary>Synthetic images and one-hot labels for <c>--augment</c>, from seeded generators.</summary>
internal static class AugmentationData
{
    /// <summary>(n, 32, 32, 3) float32: uniform 0..255 when <paramref name="pixelRange"/>, standard normal otherwise.</summary>
    public static Tensor Images(int n, int seed, bool pixelRange)
    {
        using var generator = new torch.Generator((ulong)seed);
        var shape = new long[] { n, BenchOptions.Height, BenchOptions.Width, BenchOptions.Channels };
        return pixelRange ? torch.rand(shape, generator: generator).mul_(255) : torch.randn(shape, generator: generator);
    }

    /// <summary>(n, 10) float32 one-hot targets.</summary>
    public static Tensor OneHot(int n, int seed)
    {
        using var generator = new torch.Generator((ulong)seed);
        using var classes = torch.randint(BenchOptions.Classes, new long[] { n }, generator: generator, dtype: int64);
        using var oneHot = nn.functional.one_hot(classes, BenchOptions.Classes);
        return oneHot.to_type(float32);
    }
}
