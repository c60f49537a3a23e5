using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using KerasSharp.Optimizers;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasSharp.Bench;

/// <summary>
/// <c>--augment --epoch-probe</c>: where FitGenerator's extra time per step comes from, without a worker thread.
/// The tutorial model's <c>TrainOnBatch</c> on the same images in four forms, interleaved step by step (one step of
/// each per round, the order rotating): the plain gathered batch (channels-last contiguous, what <c>Fit</c> feeds), the
/// same values stored channels-first (an NHWC view of NCHW memory), an augmented batch from
/// <c>datagen.Flow(...).GetItem</c> as it comes, and that batch after <c>.contiguous()</c>. Wall and process CPU ms per
/// step (medians over the rounds), and the strides of each form.
/// </summary>
internal static class AugmentationProbe
{
    private const int B = AugmentationBench.BatchSize;

    public static void Run(int images, int seed, int rounds, string data)
    {
        var c = CultureInfo.InvariantCulture;
        var (x, y) = AugmentationEpochs.Data(images, seed, data);
        using var xs = x;
        using var ys = y;
        using var model = KerasVariant.BuildTutorialModel();
        model.Compile(new RMSprop(lr: 0.001, decay: 1e-6), loss: "categorical_crossentropy", metrics: ["accuracy"]);
        var flow = AugmentationBench.TutorialGenerator().Flow(x, y, batch_size: B);
        var batches = (int)(x.shape[0] / B);

        var forms = new (string Name, Func<int, (Tensor X, Tensor Y)> Make)[]
        {
            ("plain gathered batch (channels-last contiguous)", i => (x.narrow(0, (long)i * B, B).clone(), y.narrow(0, (long)i * B, B))),
            ("the same values stored channels-first (NHWC view of NCHW memory)", i => (x.narrow(0, (long)i * B, B).permute(0, 3, 1, 2).contiguous().permute(0, 2, 3, 1), y.narrow(0, (long)i * B, B))),
            ("augmented: `flow.GetItem(i)` as it comes", i => Augmented(flow, i)),
            ("augmented, then `.contiguous()`", i => Augmented(flow, i) is var (ax, ay) ? (ax.contiguous(), ay) : default),
        };
        foreach (var form in forms)
        {
            using var scope = torch.NewDisposeScope();
            var (bx, _) = form.Make(0);
            Console.Error.WriteLine($"[probe] {form.Name}: shape ({string.Join(", ", bx.shape)}), strides ({string.Join(", ", bx.stride())}), contiguous {bx.is_contiguous()}");
        }
        var wall = forms.Select(_ => new List<double>()).ToArray();
        var cpu = forms.Select(_ => new List<double>()).ToArray();
        for (int r = -2; r < rounds; r++) // two untimed rounds first
        {
            for (int k = 0; k < forms.Length; k++)
            {
                var f = (k + Math.Max(r, 0)) % forms.Length;
                using var scope = torch.NewDisposeScope();
                var (bx, by) = forms[f].Make(((r + 2) * forms.Length + k) % batches);
                var c0 = CpuClock.ProcessMs();
                var sw = Stopwatch.StartNew();
                model.TrainOnBatch(bx, by);
                var ms = sw.Elapsed.TotalMilliseconds;
                if (r < 0) continue;
                wall[f].Add(ms);
                cpu[f].Add(CpuClock.ProcessMs() - c0);
            }
        }
        Console.WriteLine("### Where the step time goes: TrainOnBatch on each form of the batch");
        Console.WriteLine();
        Console.WriteLine(string.Create(c, $"{data} images, {rounds} interleaved rounds of one step of each, torch threads {torch.get_num_threads()}; medians [min–max]."));
        Console.WriteLine();
        Console.WriteLine("| batch | wall ms/step | CPU ms/step |");
        Console.WriteLine("|---|---:|---:|");
        for (int f = 0; f < forms.Length; f++)
        {
            var w = wall[f].ToArray();
            var p = cpu[f].ToArray();
            Console.WriteLine(string.Create(c, $"| {forms[f].Name} | {Stats.Median(w):F1} [{w.Min():F1}–{w.Max():F1}] | {Stats.Median(p):F1} [{p.Min():F1}–{p.Max():F1}] |"));
        }
        Console.WriteLine();
    }

    private static (Tensor X, Tensor Y) Augmented(KerasSharp.Preprocessing.Image.NumpyArrayIterator flow, int index)
    {
        var (x, y, _) = flow.GetItem(index);
        return (x, y!);
    }
}
