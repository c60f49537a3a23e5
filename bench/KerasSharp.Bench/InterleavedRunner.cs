using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using KerasSharp.Backend;

namespace KerasSharp.Bench;

/// <summary>
/// Times every variant in one process, round-robin: round r runs N steps then one inference pass of each variant in
/// turn, so slow drifts of the machine (other load, allocator state, frequency) hit all variants alike; the order is
/// reversed every other round so that no variant always runs first or right after another's inference. Each variant
/// is built right after <c>KerasBackend.SetSeed(seed)</c>, so two variants of the same model start from the same
/// weights. Reported: the median round and the range of the rounds, the ratio of medians against the baseline, and
/// the median (and range) of the per-round ratios, each round's pair measured minutes apart at most.
/// Peak memory is not separable here; the child-process mode measures it.
/// </summary>
internal static class InterleavedRunner
{
    public static string Run(BenchOptions options, SyntheticData data)
    {
        var variants = new List<BenchVariant>();
        try
        {
            foreach (var name in options.Variants)
            {
                KerasBackend.SetSeed(options.Seed);
                variants.Add(BenchVariant.Create(name, data));
            }
            var baselineName = options.Baseline ?? (options.Variants.Contains("nchw") ? "nchw" : options.Variants[0]);
            if (!options.Variants.Contains(baselineName))
                throw new ArgumentException($"--baseline {baselineName} is not among the variants ({string.Join(",", options.Variants)}).");
            var notes = new List<string>();
            foreach (var v in variants) notes.AddRange(v.Check(variants));
            foreach (var v in variants)
            {
                VariantRunner.Log($"[interleaved] {v.Name}: {v.Description}; {v.ParameterCount:N0} parameters");
                for (int i = 0; i < options.Warmup; i++) v.TrainStep();
            }
            var train = variants.ToDictionary(v => v.Name, _ => new List<double>());
            var trainCpu = variants.ToDictionary(v => v.Name, _ => new List<double>());
            var faults = variants.ToDictionary(v => v.Name, _ => new List<double>());
            var managed = variants.ToDictionary(v => v.Name, _ => new List<double>());
            var infer = variants.ToDictionary(v => v.Name, _ => new List<double>());
            foreach (var v in variants) v.Infer();
            var sw = new Stopwatch();
            var inferEvery = Math.Max(1, options.Rounds / Math.Min(options.Rounds, options.InferRounds ?? options.Rounds));
            for (int r = 0; r < options.Rounds; r++)
            {
                var order = r % 2 == 0 ? variants : Enumerable.Reverse(variants).ToList();
                foreach (var v in order)
                {
                    var pf = CpuClock.PageFaults().Minor;
                    var bytes = GC.GetAllocatedBytesForCurrentThread();
                    var cpu = CpuClock.ProcessMs();
                    sw.Restart();
                    for (int i = 0; i < options.Steps; i++) v.TrainStep();
                    train[v.Name].Add(sw.Elapsed.TotalMilliseconds / options.Steps);
                    trainCpu[v.Name].Add((CpuClock.ProcessMs() - cpu) / options.Steps);
                    managed[v.Name].Add((GC.GetAllocatedBytesForCurrentThread() - bytes) / 1024.0 / options.Steps);
                    faults[v.Name].Add((CpuClock.PageFaults().Minor - pf) / (double)options.Steps);
                    var inferText = "";
                    if ((r + 1) % inferEvery == 0)
                    {
                        sw.Restart();
                        var images = v.Infer();
                        infer[v.Name].Add(images / sw.Elapsed.TotalSeconds);
                        inferText = $", {infer[v.Name][^1]:F0} img/s";
                    }
                    VariantRunner.Log($"[interleaved] round {r + 1}/{options.Rounds} {v.Name}: {train[v.Name][^1]:F1} ms/step ({trainCpu[v.Name][^1]:F1} CPU ms/step){inferText}");
                }
            }
            notes.AddRange(variants.Select(v => string.Create(CultureInfo.InvariantCulture,
                $"{v.Name}: {Stats.Median(faults[v.Name].ToArray()):F0} minor page faults and {Stats.Median(managed[v.Name].ToArray()):F0} KiB of managed allocations per training step (medians over the rounds).")));
            return Format(options, variants, baselineName, train, trainCpu, infer, notes);
        }
        finally
        {
            foreach (var v in variants) v.Dispose();
        }
    }

    private static string Format(BenchOptions options, List<BenchVariant> variants, string baselineName,
                                 Dictionary<string, List<double>> train, Dictionary<string, List<double>> trainCpu,
                                 Dictionary<string, List<double>> infer, List<string> notes)
    {
        var c = CultureInfo.InvariantCulture;
        var trainBase = train[baselineName].ToArray();
        var inferBase = infer[baselineName].ToArray();
        var lines = new List<string>
        {
            string.Create(c, $"Interleaved in one process: {options.Rounds} rounds; each round runs {options.Steps} training steps{(infer[baselineName].Count == options.Rounds ? "" : $" (and, every {options.Rounds / infer[baselineName].Count} rounds, {infer[baselineName].Count} in all,")} then one inference pass ({options.InferBatches} x {BenchOptions.InferenceBatchSize} images){(infer[baselineName].Count == options.Rounds ? "" : ")")} of each variant in turn, the order reversed every other round; {options.Warmup} warm-up steps each first; torch threads {options.Threads}; seed {options.Seed}. Medians [min-max] over the rounds; \"per-round\" ratios divide each round's value by the baseline's in the same round, shown as median (~95% interval of that median) [min-max]."),
            "",
            $"| variant | train ms/step | vs {baselineName} (medians) | vs {baselineName} per-round | rounds (ms/step) | inference img/s | vs {baselineName} (medians) | vs {baselineName} per-round |",
            "|---|---:|---:|---:|---|---:|---:|---:|",
        };
        foreach (var v in variants)
        {
            var t = train[v.Name].ToArray();
            var i = infer[v.Name].ToArray();
            var tRatios = t.Zip(trainBase, (a, b) => a / b).ToArray();
            var iRatios = i.Zip(inferBase, (a, b) => a / b).ToArray();
            lines.Add(string.Create(c,
                $"| {v.Name} | {Stats.Median(t):F1} [{t.Min():F1}-{t.Max():F1}] | {Stats.Median(t) / Stats.Median(trainBase):F3}x | {RatioText(tRatios)} | {Rounds(t)} | {Stats.Median(i):F0} [{i.Min():F0}-{i.Max():F0}] | {Stats.Median(i) / Stats.Median(inferBase):F3}x | {RatioText(iRatios)} |"));
        }
        lines.Add("");
        var cpuBase = trainCpu[baselineName].ToArray();
        lines.Add(string.Create(c, $"Process CPU time per training step (all threads; with one torch thread it leaves out the time other processes hold the core, though not their effect on caches; with more it counts OpenMP spin-waits; this run: {options.Threads} thread(s)). Contention only adds time, so the best and lower-quartile rounds are given too:"));
        lines.Add("");
        lines.Add($"| variant | train CPU ms/step | vs {baselineName} (medians) | vs {baselineName} per-round | vs {baselineName} (best rounds) | vs {baselineName} (lower quartiles) | rounds (CPU ms/step) |");
        lines.Add("|---|---:|---:|---:|---:|---:|---|");
        foreach (var v in variants)
        {
            var t = trainCpu[v.Name].ToArray();
            var ratios = t.Zip(cpuBase, (a, b) => a / b).ToArray();
            lines.Add(string.Create(c,
                $"| {v.Name} | {Stats.Median(t):F1} [{t.Min():F1}-{t.Max():F1}] | {Stats.Median(t) / Stats.Median(cpuBase):F3}x | {RatioText(ratios)} | {t.Min() / cpuBase.Min():F3}x | {Stats.Quantile(t, 0.25) / Stats.Quantile(cpuBase, 0.25):F3}x | {Rounds(t)} |"));
        }
        lines.Add("");
        foreach (var v in variants) lines.Add(string.Create(c, $"- {v.Name}: {v.Description}; {v.ParameterCount:N0} parameters."));
        foreach (var note in notes) lines.Add("- " + note);
        // One machine-readable line per variant (medians, ranges, per-round ratios) for scripts.
        foreach (var v in variants)
        {
            var t = train[v.Name].ToArray();
            var i = infer[v.Name].ToArray();
            var tRatios = t.Zip(trainBase, (a, b) => a / b).ToArray();
            var cpu = trainCpu[v.Name].ToArray();
            var cRatios = cpu.Zip(cpuBase, (a, b) => a / b).ToArray();
            lines.Add(string.Create(c, $"<!-- INTERLEAVED variant={v.Name} baseline={baselineName} train_ms={Stats.Median(t):F3} train_min={t.Min():F3} train_max={t.Max():F3} train_ratio={Stats.Median(t) / Stats.Median(trainBase):F4} train_round_ratio={Stats.Median(tRatios):F4} train_round_ratio_min={tRatios.Min():F4} train_round_ratio_max={tRatios.Max():F4} cpu_ms={Stats.Median(cpu):F3} cpu_round_ratio={Stats.Median(cRatios):F4} cpu_round_ratio_min={cRatios.Min():F4} cpu_round_ratio_max={cRatios.Max():F4} cpu_round_ratio_ci_low={Stats.MedianInterval(cRatios).Low:F4} cpu_round_ratio_ci_high={Stats.MedianInterval(cRatios).High:F4} train_round_ratio_ci_low={Stats.MedianInterval(tRatios).Low:F4} train_round_ratio_ci_high={Stats.MedianInterval(tRatios).High:F4} infer_img_s={Stats.Median(i):F1} infer_ratio={Stats.Median(i) / Stats.Median(inferBase):F4} threads={options.Threads} -->"));
        }
        return string.Join(Environment.NewLine, lines);
    }

    private static string RatioText(double[] ratios)
    {
        var (low, high) = Stats.MedianInterval(ratios);
        return string.Create(CultureInfo.InvariantCulture, $"{Stats.Median(ratios):F3}x ({low:F3}-{high:F3}) [{ratios.Min():F3}-{ratios.Max():F3}]");
    }

    /// <summary>Every round's value, or a summary (quartiles) when there are many.</summary>
    private static string Rounds(double[] values)
    {
        var c = CultureInfo.InvariantCulture;
        if (values.Length <= 12) return string.Join(" / ", values.Select(x => x.ToString("F1", c)));
        var sorted = values.OrderBy(v => v).ToArray();
        return string.Create(c, $"{values.Length} rounds; quartiles {Stats.Quantile(values, 0.25):F1} / {Stats.Quantile(values, 0.5):F1} / {Stats.Quantile(values, 0.75):F1}");
    }
}
