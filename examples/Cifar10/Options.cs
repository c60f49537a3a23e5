using System;
using System.Globalization;

namespace Cifar10Example;

/// <summary>Command-line options. <c>--quick</c> is a preset that finishes on a 2-core CPU in minutes.</summary>
public sealed record Options(int Epochs, int? Subset, int BatchSize, int Seed, string? Device, string Output, int Verbose = 1)
{
    /// <summary>Set by <c>--help</c>/<c>-h</c>: print <see cref="Usage"/> and exit 0.</summary>
    public bool Help { get; init; }

    public const string Usage =
        "usage: dotnet run --project examples/Cifar10 -c Release -- [--quick] [--epochs N] [--subset N] [--batch-size N] [--seed N] [--device cpu|cuda] [--output DIR]";

    public static Options Parse(string[] args)
    {
        var options = new Options(125, null, 64, 1, null, "output");
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value. {Usage}");
            int NextInt() => int.TryParse(Next(), NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0 ? v
                : throw new ArgumentException($"{args[i - 1]} needs a positive integer, got '{args[i]}'. {Usage}");
            options = args[i] switch
            {
                "--quick" => options with { Epochs = 2, Subset = 2048 },
                "--epochs" => options with { Epochs = NextInt() },
                "--subset" => options with { Subset = NextInt() },
                "--batch-size" => options with { BatchSize = NextInt() },
                "--seed" => options with { Seed = NextInt() },
                "--device" => options with { Device = Next() },
                "--output" => options with { Output = Next() },
                "--help" or "-h" => options with { Help = true },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'. {Usage}"),
            };
        }
        return options;
    }
}
