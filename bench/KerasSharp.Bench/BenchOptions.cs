using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace KerasSharp.Bench;

/// <summary>
/// Command line and environment settings. Every option has an environment twin (BENCH_STEPS, ...) so that
/// <c>bench/run.sh</c> can be driven by environment variables; the command line wins.
/// </summary>
internal sealed class BenchOptions
{
    public const int BatchSize = 64;
    public const int InferenceBatchSize = 128;
    public const int Classes = 10;
    public const int Height = 32;
    public const int Width = 32;
    public const int Channels = 3;

    /// <summary>The variants run by default, each in its own child process.</summary>
    public static readonly string[] DefaultVariants = { "keras", "nchw", "nhwc" };

    /// <summary>
    /// Every variant <c>--only</c> accepts (nhwc-hwio is a diagnostic: the Keras way with Keras's HWIO kernels;
    /// keras-functional is the tutorial model built with the Functional API; resnet-keras and resnet-nhwc are Keras
    /// 2.2.4's cifar10_resnet.py ResNet20 v1 at batch 32, KerasSharp and raw TorchSharp the Keras way; resnet-nhwc-hwio
    /// is the raw one with Keras's HWIO kernel layout and resnet-nhwc-hwio-kbn that plus KerasSharp's batch-norm recipe,
    /// diagnostics that take KerasSharp's differences from the raw net one at a time; mnist-keras is Keras 2.2.4's
    /// mnist_cnn.py at batch 128, see <see cref="MnistCnnVariant"/>).
    /// </summary>
    public static readonly string[] KnownVariants = { "keras", "nchw", "nhwc", "nhwc-hwio", "keras-functional", "resnet-keras", "resnet-nhwc", "resnet-nhwc-hwio", "resnet-nhwc-hwio-kbn", "mnist-keras" };

    /// <summary>Timed training steps per round.</summary>
    public int Steps { get; private set; } = Env("BENCH_STEPS", 50);

    /// <summary>Timing rounds; the median round is reported.</summary>
    public int Rounds { get; private set; } = Env("BENCH_ROUNDS", 4);

    /// <summary>Untimed training steps before the first round.</summary>
    public int Warmup { get; private set; } = Env("BENCH_WARMUP", 10);

    /// <summary>Batches of 128 images per inference round.</summary>
    public int InferBatches { get; private set; } = Env("BENCH_INFER_BATCHES", 8);

    /// <summary>torch.set_num_threads.</summary>
    public int Threads { get; private set; } = Env("BENCH_THREADS", 2);

    public int Seed { get; private set; } = Env("BENCH_SEED", 1);

    /// <summary>The one variant this (child) process runs; null in the parent.</summary>
    public string? Only { get; private set; }

    /// <summary>The variants the parent runs.</summary>
    public IReadOnlyList<string> Variants { get; private set; } = DefaultVariants;

    /// <summary>Run the variants one after the other in this process instead of child processes (peaks not separable).</summary>
    public bool InProcess { get; private set; }
    public bool Interleaved { get; private set; }

    /// <summary>Inference passes in the interleaved run (spread evenly over the rounds; default: one every round).</summary>
    public int? InferRounds { get; private set; }

    /// <summary>The variant the interleaved table divides by (default: nchw when it runs, else the first variant).</summary>
    public string? Baseline { get; private set; }

    /// <summary>Print the ResNet diagnostic (where a KerasSharp ResNet step spends its time against the raw net) and exit.</summary>
    public bool ResNetDiagnose { get; private set; }

    /// <summary>Time the ResNet diagnostic with process CPU time instead of wall time (<c>--clock cpu</c>; use with <c>--threads 1</c>).</summary>
    public bool CpuClock { get; private set; }

    /// <summary>Print the per-layer diagnostic (strides, contiguity, forward time per layer) and exit.</summary>
    public bool Diagnose { get; private set; }

    /// <summary>Print the inference diagnostic (eval-mode forward time per layer, whole-batch paths) and exit.</summary>
    public bool InferenceDiagnose { get; private set; }

    /// <summary>Run one child of the LSTM benchmark (<c>--lstm imdb|fused</c>, see <see cref="LstmBench"/>) and exit.</summary>
    public string? Lstm { get; private set; }

    /// <summary>Run one KerasSharp child of bench/applications_bench.py (<c>--applications MODEL</c>, see <see cref="ApplicationsBench"/>) and exit.</summary>
    public string? Applications { get; private set; }

    /// <summary>Print the augmentation benchmark (ImageDataGenerator throughput, FitGenerator epoch time) and exit.</summary>
    public bool Augment { get; private set; }

    /// <summary>Measure the fp32 FMA peak of <c>--threads</c> threads (<see cref="FmaPeak"/>) and exit.</summary>
    public bool FmaPeak { get; private set; }

    /// <summary>Synthetic 32x32x3 images per augmentation throughput round (<c>--augment</c>).</summary>
    public int AugImages { get; private set; } = Env("BENCH_AUG_IMAGES", 6400);

    /// <summary>Interleaved rounds of the augmentation throughput (<c>--augment</c>).</summary>
    public int AugRounds { get; private set; } = Env("BENCH_AUG_ROUNDS", 5);

    /// <summary>Images per training epoch in the Fit / FitGenerator comparison (<c>--augment</c>; 0 skips it).</summary>
    public int EpochImages { get; private set; } = Env("BENCH_EPOCH_IMAGES", 3200);

    /// <summary>Interleaved rounds (one epoch of each) in the Fit / FitGenerator comparison (<c>--augment</c>).</summary>
    public int EpochRounds { get; private set; } = Env("BENCH_EPOCH_ROUNDS", 3);

    /// <summary>The images of that comparison: "synthetic" or "cifar10" (CIFAR-10 from $KERAS_HOME, <c>--epoch-data</c>).</summary>
    public string EpochData { get; private set; } = EpochDataName(Environment.GetEnvironmentVariable("BENCH_EPOCH_DATA") is { Length: > 0 } d ? d : "synthetic");

    /// <summary>Which ways of training that comparison runs (<c>--epoch-runs</c>; flow-cf, the batches as the transform stored them before 2026-11-29, on request).</summary>
    public string[] EpochRuns { get; private set; } = EpochRunNames(Environment.GetEnvironmentVariable("BENCH_EPOCH_RUNS") is { Length: > 0 } r ? r : "fit,plain,flow,flow-w4");

    /// <summary>Instead of the epochs, TrainOnBatch on each form of a batch (<c>--epoch-probe</c>, see <see cref="AugmentationProbe"/>).</summary>
    public bool EpochProbe { get; private set; }

    /// <summary>Only the epoch comparison of <c>--augment</c>, not the throughput (<c>--epochs-only</c>).</summary>
    public bool EpochsOnly { get; private set; }

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--steps": o.Steps = Positive("--steps", Next()); break;
                case "--rounds": o.Rounds = Positive("--rounds", Next()); break;
                case "--warmup": o.Warmup = NonNegative("--warmup", Next()); break;
                case "--infer-batches": o.InferBatches = Positive("--infer-batches", Next()); break;
                case "--threads": o.Threads = Positive("--threads", Next()); break;
                case "--seed": o.Seed = NonNegative("--seed", Next()); break;
                case "--only": o.Only = Variant(Next()); break;
                case "--variants":
                    o.Variants = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                                       .Select(Variant).ToArray();
                    break;
                case "--in-process": o.InProcess = true; break;
                case "--interleaved": o.Interleaved = true; break;
                case "--baseline": o.Baseline = Variant(Next()); break;
                case "--infer-rounds": o.InferRounds = Positive("--infer-rounds", Next()); break;
                case "--resnet-diag": o.ResNetDiagnose = true; break;
                case "--clock":
                    o.CpuClock = Next() switch
                    {
                        "cpu" => true,
                        "wall" => false,
                        var other => throw new ArgumentException($"--clock takes cpu or wall, got '{other}'."),
                    };
                    break;
                case "--diag": o.Diagnose = true; break;
                case "--infer-diag": o.InferenceDiagnose = true; break;
                case "--augment": o.Augment = true; break;
                case "--fma-peak": o.FmaPeak = true; break;
                case "--lstm":
                    var model = Next();
                    o.Lstm = LstmBench.Models.Contains(model) ? model : throw new ArgumentException($"--lstm takes {string.Join(" or ", LstmBench.Models)}, got '{model}'.");
                    break;
                case "--applications":
                    var app = Next();
                    o.Applications = ApplicationsBench.Models.Contains(app) ? app : throw new ArgumentException($"--applications takes {string.Join(", ", ApplicationsBench.Models)}, got '{app}'.");
                    break;
                case "--aug-images": o.AugImages = Positive("--aug-images", Next()); break;
                case "--aug-rounds": o.AugRounds = Positive("--aug-rounds", Next()); break;
                case "--epoch-images": o.EpochImages = NonNegative("--epoch-images", Next()); break;
                case "--epoch-rounds": o.EpochRounds = Positive("--epoch-rounds", Next()); break;
                case "--epoch-data": o.EpochData = EpochDataName(Next()); break;
                case "--epoch-runs": o.EpochRuns = EpochRunNames(Next()); break;
                case "--epochs-only": o.EpochsOnly = true; break;
                case "--epoch-probe": o.EpochProbe = true; break;
                case "-h" or "--help": throw new HelpRequestedException();
                default: throw new ArgumentException($"Unknown argument '{args[i]}'.");
            }
        }
        return o;
    }

    /// <summary>The arguments that make a child process run <paramref name="variant"/> with these settings.</summary>
    public string[] ChildArguments(string variant) => new[]
    {
        "--only", variant, "--steps", Text(Steps), "--rounds", Text(Rounds), "--warmup", Text(Warmup),
        "--infer-batches", Text(InferBatches), "--threads", Text(Threads), "--seed", Text(Seed),
    };

    public const string Usage =
        "KerasSharp.Bench [--steps N] [--rounds R] [--warmup W] [--infer-batches B] [--threads T] [--seed S]\n" +
        "                 [--variants keras,nchw,nhwc[,nhwc-hwio,keras-functional,resnet-keras,resnet-nhwc[-hwio[-kbn]],mnist-keras]] [--in-process]\n" +
        "                 [--interleaved [--baseline VARIANT] [--infer-rounds N]] [--only VARIANT] [--diag] [--infer-diag|--resnet-diag [--clock wall|cpu]]\n" +
        "                 [--augment [--aug-images N] [--aug-rounds R] [--epoch-images M] [--epoch-rounds E]\n" +
        "                            [--epoch-data synthetic|cifar10] [--epoch-runs fit,plain,flow,flow-w4,flow-cf] [--epochs-only] [--epoch-probe]]\n" +
        "                 [--fma-peak]  (the fp32 FMA peak of --threads threads, --rounds rounds)\n" +
        "                 [--lstm imdb|fused]  (one child of bench/lstm_bench.py: --steps, --rounds, --warmup, --infer-batches of 32)\n" +
        "                 [--applications resnet50|mobilenet_v2|tutorial|tutorial-nchw]  (one child of bench/applications_bench.py: --rounds, --infer-batches)\n" +
        "Environment: BENCH_STEPS, BENCH_ROUNDS, BENCH_WARMUP, BENCH_INFER_BATCHES, BENCH_THREADS, BENCH_SEED,\n" +
        "             BENCH_AUG_IMAGES, BENCH_AUG_ROUNDS, BENCH_EPOCH_IMAGES, BENCH_EPOCH_ROUNDS,\n" +
        "             BENCH_EPOCH_DATA, BENCH_EPOCH_RUNS.";

    private static string Variant(string name) =>
        KnownVariants.Contains(name) ? name
            : throw new ArgumentException($"Unknown variant '{name}'. Known: {string.Join(", ", KnownVariants)}.");

    private static string EpochDataName(string name) =>
        name is "synthetic" or "cifar10" ? name : throw new ArgumentException($"--epoch-data takes synthetic or cifar10, got '{name}'.");

    private static string[] EpochRunNames(string list)
    {
        var names = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var name in names)
            if (!AugmentationEpochs.RunNames.Contains(name))
                throw new ArgumentException($"--epoch-runs: unknown run '{name}'. Known: {string.Join(", ", AugmentationEpochs.RunNames)}.");
        return names.Length > 0 ? names : throw new ArgumentException("--epoch-runs needs at least one run.");
    }

    private static int Env(string name, int fallback)
    {
        var text = Environment.GetEnvironmentVariable(name);
        return string.IsNullOrWhiteSpace(text) ? fallback : int.Parse(text, CultureInfo.InvariantCulture);
    }

    private static int Positive(string name, string text)
    {
        var value = int.Parse(text, CultureInfo.InvariantCulture);
        return value > 0 ? value : throw new ArgumentException($"{name} must be > 0, got {value}.");
    }

    private static int NonNegative(string name, string text)
    {
        var value = int.Parse(text, CultureInfo.InvariantCulture);
        return value >= 0 ? value : throw new ArgumentException($"{name} must be >= 0, got {value}.");
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
