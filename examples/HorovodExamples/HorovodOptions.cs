using System;
using System.Globalization;

namespace HorovodExamples;

/// <summary>
/// The command line: keras_mnist_advanced.py's own argparse options (<c>--batch-size</c>, <c>--epochs</c>, <c>--lr</c>),
/// and what a quick run changes: the number of epochs (keras_mnist too) and of samples taken from each set.
/// </summary>
public sealed record HorovodOptions(int? BatchSize = null, int? Epochs = null, double? Lr = null, int? Samples = null)
{
    public const string Usage =
        "usage: mpirun -np N dotnet run -c Release --no-build --project examples/HorovodExamples -- <keras_mnist|keras_mnist_advanced> [--epochs N] [--samples N] [--batch-size N] [--lr LR] (--batch-size and --lr: keras_mnist_advanced)";

    public static HorovodOptions Parse(string[] args)
    {
        var options = new HorovodOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value. {Usage}");
            int Integer()
            {
                var name = args[i];
                return int.TryParse(Next(), NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0 ? v
                    : throw new ArgumentException($"{name} needs a positive integer. {Usage}");
            }
            options = args[i] switch
            {
                "--batch-size" => options with { BatchSize = Integer() },
                "--epochs" => options with { Epochs = Integer() },
                "--samples" => options with { Samples = Integer() },
                "--lr" => options with
                {
                    Lr = double.TryParse(Next(), NumberStyles.Float, CultureInfo.InvariantCulture, out var lr) && lr > 0 ? lr
                        : throw new ArgumentException($"--lr needs a positive number. {Usage}"),
                },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'. {Usage}"),
            };
        }
        return options;
    }
}
