using System.Text.Json;

namespace KerasSharp.Bench;

/// <summary>What one variant measured; a child process prints it as one <c>RESULT {json}</c> line.</summary>
internal sealed record VariantResult
{
    public const string LinePrefix = "RESULT ";

    public string Name { get; init; } = "";
    public string Description { get; init; } = "";
    public long Parameters { get; init; }
    public int Threads { get; init; }
    public int Steps { get; init; }
    public int Rounds { get; init; }
    public int Warmup { get; init; }

    /// <summary>ms per training step of each round.</summary>
    public double[] TrainMsPerStep { get; init; } = System.Array.Empty<double>();
    public double TrainMsMedian { get; init; }

    /// <summary>Process CPU ms (all threads, <see cref="CpuClock"/>) per training step of each round.</summary>
    public double[] TrainCpuMsPerStep { get; init; } = System.Array.Empty<double>();
    public double TrainCpuMsMedian { get; init; }

    /// <summary>Images per second of each inference round.</summary>
    public double[] InferImagesPerSecond { get; init; } = System.Array.Empty<double>();
    public double InferMedian { get; init; }

    /// <summary>Images per second of process CPU time, each inference round.</summary>
    public double[] InferImagesPerCpuSecond { get; init; } = System.Array.Empty<double>();
    public double InferCpuMedian { get; init; }
    public long InferImagesPerRound { get; init; }

    /// <summary>VmHWM after libtorch was loaded and the data made, before the model was built.</summary>
    public long PeakKiBBeforeModel { get; init; }

    /// <summary>VmHWM after warm-up and all timed training steps.</summary>
    public long PeakKiBAfterTraining { get; init; }

    /// <summary>VmHWM at the end (after inference).</summary>
    public long PeakKiBFinal { get; init; }

    public double LastLoss { get; init; }
    public int ManagedGcCount { get; init; }

    public string ToLine() => LinePrefix + JsonSerializer.Serialize(this);

    public static VariantResult? TryParse(string line) =>
        line.StartsWith(LinePrefix, System.StringComparison.Ordinal)
            ? JsonSerializer.Deserialize<VariantResult>(line.Substring(LinePrefix.Length))
            : null;
}
