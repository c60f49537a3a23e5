using System;
using System.Globalization;

namespace KerasExamples;

/// <summary>
/// What a quick run changes in a script: its number of epochs and of training samples (each script applies them right
/// after its own settings, so the rest reads as the Keras script), and its verbosity; and the options a script's own
/// argparse declares (variational_autoencoder.py's <c>-w/--weights</c> and <c>-m/--mse</c>), and the image size of
/// fine_tune_inceptionv3 (<c>--image-size</c>; its <c>-w</c> names the base model's weights: imagenet, none or a file).
/// </summary>
public sealed record ExampleOptions(int? Epochs = null, int? Samples = null, int Verbose = 1, string? Weights = null, bool Mse = false,
                                    int? ImageSize = null)
{
    public const string Usage =
        "usage: dotnet run -c Release --project examples/KerasExamples -- <antirectifier|cifar10_resnet|cifar10_cnn_capsule|conv_lstm|fine_tune_inceptionv3|imdb_bidirectional_lstm|imdb_cnn|imdb_cnn_lstm|imdb_lstm|lstm_seq2seq|lstm_stateful|mnist_acgan|mnist_denoising_autoencoder|mnist_irnn|mnist_mlp|mnist_siamese|mnist_transfer_cnn|variational_autoencoder> [--epochs N] [--samples N] [--verbose 0|1|2]"
        + " [-w|--weights FILE] [-m|--mse] [--image-size N] (variational_autoencoder: -w loads h5 model trained weights; -m uses mse loss instead of binary cross entropy; fine_tune_inceptionv3: -w imagenet|none|FILE for the base model, --image-size N for the 299x299 images)";

    public static ExampleOptions Parse(string[] args)
    {
        var options = new ExampleOptions();
        for (int i = 0; i < args.Length; i++)
        {
            int Next()
            {
                var name = args[i];
                return i + 1 < args.Length && int.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v
                    : throw new ArgumentException($"{name} needs a non-negative integer. {Usage}");
            }
            string NextText()
            {
                var name = args[i];
                return i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value. {Usage}");
            }
            options = args[i] switch
            {
                "--epochs" => options with { Epochs = Next() },
                "--samples" => options with { Samples = Next() },
                "--verbose" => options with { Verbose = Next() },
                "-w" or "--weights" => options with { Weights = NextText() },
                "-m" or "--mse" => options with { Mse = true },
                "--image-size" => options with { ImageSize = Next() },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'. {Usage}"),
            };
        }
        return options;
    }
}
