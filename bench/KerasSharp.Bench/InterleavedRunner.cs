using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;

namespace KerasSharp.Bench;

/// <summary>
/// Times every variant in one process, round-robin: round r runs N steps of each variant in turn, so slow drifts of
/// the machine (other load, allocator state, frequency) hit all variants alike. Medians of the rounds are reported.
/// Peak memory is not separable here; the child-process mode measures it.
/// </summary>
internal static class InterleavedRunner
{
    public static string Run(BenchOptions options, SyntheticData data)
    {
        var variants = options.Variants.Select(name => BenchVariant.Create(name, data)).ToList();
        try
        {
            foreach (var v in variants)
                for (int i = 0; i < options.Warmup; i++) v.TrainStep();
            var train = variants.ToDictionary(v => v.Name, _ => new List<double>());
            var infer = variants.ToDictionary(v => v.Name, _ => new List<double>());
            foreach (var v in variants) v.Infer();
            var sw = new Stopwatch();
            for (int r = 0; r < options.Rounds; r++)
            {
                foreach (var v in variants)
                {
                    sw.Restart();
                    for (int i = 0; i < options.Steps; i++) v.TrainStep();
                    train[v.Name].Add(sw.Elapsed.TotalMilliseconds / options.Steps);
                    sw.Restart();
                    var images = v.Infer();
                    infer[v.Name].Add(images / sw.Elapsed.TotalSeconds);
                    VariantRunner.Log($"[interleaved] round {r + 1}/{options.Rounds} {v.Name}: {train[v.Name][^1]:F1} ms/step, {infer[v.Name][^1]:F0} img/s");
                }
            }
            var baseline = Stats.Median(train["nchw"].ToArray());
            var lines = new List<string>
            {
                $"Interleaved in one process: {options.Rounds} rounds; each round runs {options.Steps} training steps then one inference pass of each variant in turn; medians.",
                "",
                "| variant | train ms/step (median) | vs nchw | rounds (ms/step) | inference img/s (median) |",
                "|---|---:|---:|---|---:|",
            };
            foreach (var v in variants)
            {
                var median = Stats.Median(train[v.Name].ToArray());
                lines.Add($"| {v.Name} | {median:F1} | {median / baseline:F2}x | {string.Join(" / ", train[v.Name].Select(t => t.ToString("F0")))} | {Stats.Median(infer[v.Name].ToArray()):F0} |");
            }
            return string.Join(Environment.NewLine, lines);
        }
        finally
        {
            foreach (var v in variants) v.Dispose();
        }
    }
}
