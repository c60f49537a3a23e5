using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using KerasSharp.Backend;
using KerasSharp.Layers;
using KerasSharp.Models;
using TorchSharp;

namespace KerasSharp.Bench;

/// <summary>
/// One child run of the LSTM benchmark (<c>--lstm imdb|fused</c>; bench/lstm_bench.py starts these alternately with
/// its PyTorch peers and compares). The model is Keras 2.2.4's examples/imdb_lstm.py: Embedding(20000, 128),
/// LSTM(128, dropout=0.2, recurrent_dropout=0.2), Dense(1, sigmoid); binary_crossentropy, adam, metrics=['accuracy'].
/// <c>fused</c> is the same with recurrent_dropout=0, recurrent_activation='sigmoid' and implementation=2 (one input
/// dropout mask for every gate, as the PyTorch peer applies before nn.LSTM), which KerasSharp trains and predicts with
/// libtorch's fused LSTM. Training: TrainOnBatch on one batch of 32 random
/// sequences of 80 token ids; inference: Predict(x, batch_size: 32) over <c>--infer-batches</c> batches. Prints one
/// <c>LSTM</c> line: the median round's wall and process CPU time (<see cref="CpuClock"/>) and every round's wall time.
/// </summary>
internal static class LstmBench
{
    public const int MaxFeatures = 20000;
    public const int MaxLen = 80;
    public const int BatchSize = 32;
    public static readonly string[] Models = { "imdb", "fused" };

    public static void Run(string model, BenchOptions options)
    {
        VariantRunner.InitializeTorch(options);
        using var generator = new torch.Generator((ulong)options.Seed);
        var x = torch.randint(1, MaxFeatures, new long[] { BatchSize, MaxLen }, generator: generator, dtype: torch.int64);
        var y = torch.randint(0, 2, new long[] { BatchSize, 1 }, generator: generator, dtype: torch.int64).to_type(torch.float32);
        var inferX = torch.randint(1, MaxFeatures, new long[] { options.InferBatches * BatchSize, MaxLen }, generator: generator, dtype: torch.int64);

        // imdb_lstm.py's model, line for line (the fused case changes the LSTM's arguments).
        var seq = new Sequential();
        seq.Add(new Embedding(MaxFeatures, 128));
        seq.Add(model == "imdb"
            ? new LSTM(128, dropout: 0.2, recurrent_dropout: 0.2)
            : new LSTM(128, dropout: 0.2, recurrent_dropout: 0.0, recurrent_activation: "sigmoid", implementation: 2));
        seq.Add(new Dense(1, activation: "sigmoid"));
        seq.Compile(loss: "binary_crossentropy", optimizer: "adam", metrics: ["accuracy"]);

        var sw = Stopwatch.StartNew();
        double loss = double.NaN;
        for (int i = 0; i < options.Warmup; i++) loss = seq.TrainOnBatch(x, y)[0];
        var (train, trainCpu) = (new double[options.Rounds], new double[options.Rounds]);
        for (int r = 0; r < options.Rounds; r++)
        {
            var cpu = CpuClock.ProcessMs();
            sw.Restart();
            for (int i = 0; i < options.Steps; i++) loss = seq.TrainOnBatch(x, y)[0];
            train[r] = sw.Elapsed.TotalMilliseconds / options.Steps;
            trainCpu[r] = (CpuClock.ProcessMs() - cpu) / options.Steps;
        }

        using (seq.Predict(inferX, batch_size: BatchSize)) { } // warm-up
        var (predict, predictCpu) = (new double[options.Rounds], new double[options.Rounds]);
        for (int r = 0; r < options.Rounds; r++)
        {
            var cpu = CpuClock.ProcessMs();
            sw.Restart();
            using var predictions = seq.Predict(inferX, batch_size: BatchSize);
            predict[r] = sw.Elapsed.TotalMilliseconds / options.InferBatches;
            predictCpu[r] = (CpuClock.ProcessMs() - cpu) / options.InferBatches;
        }

        string List(double[] values) => string.Join(",", values.Select(v => v.ToString("F2", CultureInfo.InvariantCulture)));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"LSTM impl=kerassharp model={model} params={seq.CountParams()} threads={torch.get_num_threads()} train_ms={Stats.Median(train):F2} train_cpu_ms={Stats.Median(trainCpu):F2} train_rounds={List(train)} predict_ms={Stats.Median(predict):F2} predict_cpu_ms={Stats.Median(predictCpu):F2} predict_rounds={List(predict)} loss={loss:F4} device={KerasBackend.Device}"));
    }
}
