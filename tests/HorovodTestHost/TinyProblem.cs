using System;
using System.Linq;
using KerasSharp.Backend;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Optimizers;
using static TorchSharp.torch;

namespace HorovodTestHost;

/// <summary>
/// The problem of the data-parallel checks, built the same way by the ranks and by the single-process reference in the
/// test: a 6-8-3 tanh/softmax network, SGD with momentum, 320 samples that are a formula of their index (no random
/// numbers), 5 steps of 64 = 2 ranks × 5 steps of 32.
/// </summary>
public static class TinyProblem
{
    public const int Samples = 320, GlobalBatch = 64, Features = 6, Classes = 3;

    /// <summary>The model with weights drawn from <paramref name="seed"/>; <paramref name="hidden"/> changes its shape (the mismatch check).</summary>
    public static Sequential Model(int seed, int hidden = 8)
    {
        KerasBackend.SetSeed(seed);
        var model = new Sequential();
        model.Add(new Dense(hidden, activation: "tanh", input_shape: Features));
        model.Add(new Dense(Classes, activation: "softmax"));
        return model;
    }

    public static SGD Optimizer() => new SGD(learning_rate: 0.1, momentum: 0.9);

    /// <summary>All samples: x[i, j] = sin(0.37·i + 1.3·j), y = one-hot of (i mod 3).</summary>
    public static (Tensor x, Tensor y) Data()
    {
        var x = new float[Samples * Features];
        for (int i = 0; i < Samples; i++)
            for (int j = 0; j < Features; j++) x[i * Features + j] = (float)Math.Sin(0.37 * i + 1.3 * j);
        var labels = Enumerable.Range(0, Samples).Select(i => (long)(i % Classes)).ToArray();
        return (tensor(x, new long[] { Samples, Features }), nn.functional.one_hot(tensor(labels), Classes).to_type(ScalarType.Float32));
    }

    /// <summary>Rank r's share: the r-th half of each global batch of 64, so the ranks' step k sees the single process's batch k.</summary>
    public static (Tensor x, Tensor y) Shard(int rank, int size)
    {
        var (x, y) = Data();
        var local = GlobalBatch / size;
        var rows = Enumerable.Range(0, Samples / GlobalBatch)
            .SelectMany(k => Enumerable.Range(k * GlobalBatch + rank * local, local)).Select(i => (long)i).ToArray();
        var index = tensor(rows);
        return (x.index_select(0, index), y.index_select(0, index));
    }
}
