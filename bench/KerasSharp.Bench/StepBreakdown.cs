using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Optimizers;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace KerasSharp.Bench;

/// <summary>
/// Part of <c>--diag</c>: one training step split into forward (+ loss), backward and update, for KerasSharp (its
/// layers' <c>Apply</c>, its loss and regularizers, its RMSprop) and for the raw "Keras way" net, alternating rounds;
/// and the whole <c>TrainOnBatch</c> beside the sum of its parts.
/// </summary>
internal static class StepBreakdown
{
    public static void Run(SyntheticData data, int rounds, int reps)
    {
        var c = CultureInfo.InvariantCulture;
        using var model = KerasVariant.BuildTutorialModel();
        model.Compile(new RMSprop(lr: 0.001, decay: 1e-6), loss: "categorical_crossentropy", metrics: ["accuracy"]);
        var weights = model.TrainableWeights;
        var kernels = model.Layers.OfType<Conv2D>().ToList();

        using var net = new NhwcNet(kernelsOhwi: true);
        using var rawOptimizer = optim.RMSProp(net.parameters(), lr: 0.001, alpha: 0.9, eps: 1e-7);

        var keras = new double[4];
        var raw = new double[4];
        Array.Fill(keras, double.MaxValue);
        Array.Fill(raw, double.MaxValue);
        for (int r = -1; r < rounds; r++) // round -1 warms up
        {
            var k = new double[4];
            for (int i = 0; i < reps; i++)
            {
                var sw = Stopwatch.StartNew();
                using (var scope = torch.NewDisposeScope())
                {
                    foreach (var v in weights) v.Value.grad = null;
                    var yPred = model.Layers.Aggregate(data.XNhwc, (t, l) => l.Apply(t, training: true));
                    var loss = model.Loss!.Call(data.YOneHot, yPred).mean();
                    foreach (var conv in kernels) loss = loss + conv.KernelRegularizer!.Call(conv.Kernel.Value);
                    k[0] += Lap(sw);
                    loss.backward();
                    k[1] += Lap(sw);
                    model.Optimizer!.Apply(weights);
                    k[2] += Lap(sw);
                    loss.item<float>();
                }
                sw.Restart();
                model.TrainOnBatch(data.XNhwc, data.YOneHot);
                k[3] += Lap(sw);
            }
            var q = new double[4];
            for (int i = 0; i < reps; i++)
            {
                var sw = Stopwatch.StartNew();
                using var scope = torch.NewDisposeScope();
                net.train();
                rawOptimizer.zero_grad();
                var logits = net.forward(data.XNhwc);
                var loss = F.nll_loss(F.log_softmax(logits, 1), data.Labels) + TorchNchwVariant.L2Penalty(net.Kernels);
                q[0] += Lap(sw);
                loss.backward();
                q[1] += Lap(sw);
                rawOptimizer.step();
                q[2] += Lap(sw);
                loss.item<float>();
            }
            if (r < 0) continue;
            for (int p = 0; p < 4; p++)
            {
                keras[p] = Math.Min(keras[p], k[p] / reps);
                raw[p] = Math.Min(raw[p], q[p] / reps);
            }
        }
        Console.WriteLine();
        Console.WriteLine(string.Create(c, $"One training step split (ms, best of {rounds} alternating rounds of {reps} steps):"));
        Console.WriteLine();
        Console.WriteLine("| phase | KerasSharp (layers' Apply, Keras loss + l2, RMSprop.Apply) | raw Keras way (NhwcNet, nll + l2, torch RMSprop) |");
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine(string.Create(c, $"| forward + loss | {keras[0]:F2} | {raw[0]:F2} |"));
        Console.WriteLine(string.Create(c, $"| backward | {keras[1]:F2} | {raw[1]:F2} |"));
        Console.WriteLine(string.Create(c, $"| update | {keras[2]:F2} | {raw[2]:F2} |"));
        Console.WriteLine(string.Create(c, $"| sum | {keras[0] + keras[1] + keras[2]:F2} | {raw[0] + raw[1] + raw[2]:F2} |"));
        Console.WriteLine(string.Create(c, $"| whole TrainOnBatch | {keras[3]:F2} | |"));
    }

    private static double Lap(Stopwatch sw)
    {
        var ms = sw.Elapsed.TotalMilliseconds;
        sw.Restart();
        return ms;
    }
}
