using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace KerasSharp.Bench;

/// <summary>The Markdown table of all variants, plus the settings it was measured with.</summary>
internal static class ResultTable
{
    public static string Format(IReadOnlyList<VariantResult> results, BenchOptions options, bool separateProcesses)
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        var where = separateProcesses ? "one child process per variant." : "all variants in one process (peak RSS is cumulative).";
        sb.AppendLine(c, $"KerasSharp.Bench: batch {BenchOptions.BatchSize}, 32x32x3, 10 classes; torch threads {options.Threads}; {options.Warmup} warm-up steps, {options.Rounds} rounds x {options.Steps} steps (median round); inference batch {BenchOptions.InferenceBatchSize} x {options.InferBatches} per round; {where}");
        sb.AppendLine();
        sb.AppendLine("| variant | what | params | train ms/step (median) | rounds (ms/step) | vs nchw | inference img/s (median) | peak RSS before model (MiB) | peak RSS after training (MiB) | peak RSS final (MiB) | last loss |");
        sb.AppendLine("|---|---|---:|---:|---|---:|---:|---:|---:|---:|---:|");
        var baseline = results.FirstOrDefault(r => r.Name == "nchw")?.TrainMsMedian;
        foreach (var r in results)
        {
            var rounds = string.Join(" / ", r.TrainMsPerStep.Select(v => v.ToString("F1", c)));
            var ratio = baseline is double b && b > 0 ? (r.TrainMsMedian / b).ToString("F2", c) + "x" : "";
            sb.AppendLine(c, $"| {r.Name} | {r.Description} | {r.Parameters:N0} | {r.TrainMsMedian:F2} | {rounds} | {ratio} | {r.InferMedian:F0} | {MiB(r.PeakKiBBeforeModel)} | {MiB(r.PeakKiBAfterTraining)} | {MiB(r.PeakKiBFinal)} | {r.LastLoss:F4} |");
        }
        return sb.ToString();
    }

    private static string MiB(long kib) => kib < 0 ? "n/a" : (kib / 1024.0).ToString("F0", CultureInfo.InvariantCulture);
}
