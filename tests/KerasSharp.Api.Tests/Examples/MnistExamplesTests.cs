using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using FluentAssertions;
using KerasExamples;
using KerasExamples.MnistIrnn;
using KerasExamples.MnistMlp;
using KerasExamples.MnistTransferCnn;
using KerasSharp.Tests.Harness;
using Xunit;

namespace KerasSharp.Tests.Examples;

/// <summary>
/// The ports of Keras 2.2.4's MNIST examples of issue 14 (mnist_mlp, mnist_irnn, mnist_transfer_cnn,
/// mnist_denoising_autoencoder, mnist_acgan), run for one epoch on a few samples of the small mnist.npz of
/// Goldens/datasets (make_array_datasets.py: 30 images of each digit in each set) in a temporary KERAS_HOME, in a
/// temporary working directory (the scripts write their files there).
/// </summary>
public sealed class MnistExamplesTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("kerassharp-mnist-examples");
    private readonly string _previous = Directory.GetCurrentDirectory();
    private readonly TempKerasHome _home = new();

    public MnistExamplesTests()
    {
        Directory.SetCurrentDirectory(_dir.FullName);
        _home.AddSmallMnist();
        KerasSharp.Backend.KerasBackend.SetSeed(1);
    }

    public void Dispose()
    {
        _home.Dispose();
        Directory.SetCurrentDirectory(_previous);
        _dir.Delete(recursive: true);
    }

    [Fact]
    public void Mnist_mlp_trains_and_evaluates_a_few_samples()
    {
        var (result, printed) = StandardOutput.Capture(() => MnistMlpScript.Run(new ExampleOptions(Epochs: 1, Samples: 128, Verbose: 0)));
        printed.Should().Contain("128 train samples").And.Contain("128 test samples");
        // 784·512+512 = 401,920; 512·512+512 = 262,656; 512·10+10 = 5,130; 669,706 in all.
        printed.Should().Contain("Total params: 669,706");
        result.history.Values.Keys.Should().BeEquivalentTo("loss", "accuracy", "val_loss", "val_accuracy");
        result.history.Values["loss"].Should().ContainSingle().Which.Should().BeGreaterThan(0);
        result.score.Should().HaveCount(2);
        result.score[1].Should().BeInRange(0, 1);
        // evaluate on the validation data after the epoch gives the epoch's val_loss (no dropout at test time).
        result.score[0].Should().BeApproximately(result.history.Values["val_loss"][0], 1e-5);
        printed.Should().Contain($"Test loss: {result.score[0]}").And.Contain($"Test accuracy: {result.score[1]}");
    }

    [Fact]
    public void Mnist_irnn_reads_pixels_as_a_sequence()
    {
        var (result, printed) = StandardOutput.Capture(() => MnistIrnnScript.Run(new ExampleOptions(Epochs: 1, Samples: 32, Verbose: 0)));
        printed.Should().Contain("x_train shape: (32, 784, 1)").And.Contain("32 train samples").And.Contain("Evaluate IRNN...");
        var model = result.history.Model!;
        // SimpleRNN: 1·100 kernel + 100·100 recurrent + 100 bias = 10,200; Dense 100·10+10 = 1,010.
        model.Layers.Select(l => l.CountParams()).Should().Equal(10_200, 1_010, 0);
        result.history.Values["accuracy"].Should().ContainSingle().Which.Should().BeInRange(0, 1);
        result.scores[0].Should().BeApproximately(result.history.Values["val_loss"][0], 1e-5);
        printed.Should().Contain($"IRNN test score: {result.scores[0]}");
    }

    [Fact]
    public void Mnist_transfer_cnn_freezes_the_feature_layers_for_the_second_training()
    {
        var snapshots = new List<float[][]>();
        var (result, printed) = StandardOutput.Capture(() => MnistTransferCnnScript.Run(
            new ExampleOptions(Epochs: 1, Samples: 100, Verbose: 0),
            model => snapshots.Add(model.Weights.Select(w => Tensors.Values(w.Value)).ToArray())));
        // The first 100 training images of the small mnist.npz hold 52 digits below 5 and 48 of 5 and above
        // (make_array_datasets.py's shuffle); the first 100 test images 49 and 51.
        printed.Should().Contain("x_train shape: (52, 28, 28, 1)").And.Contain("x_train shape: (48, 28, 28, 1)")
            .And.Contain("49 test samples").And.Contain("51 test samples");
        // Conv2D 3·3·1·32+32 = 320; Conv2D 3·3·32·32+32 = 9,248; 24x24 pooled to 12x12x32 = 4,608 features;
        // Dense 4,608·128+128 = 589,952; Dense 128·5+5 = 645: 600,165 in all.
        result.model.CountParams().Should().Be(600_165);
        result.model.TrainableWeights.Select(w => w.Layer).Distinct().Should().Equal(result.classification_layers[0], result.classification_layers[3]);

        snapshots.Should().HaveCount(2);
        // Weights in the model's order: the two Conv2D kernels and biases, then the two Dense kernels and biases.
        for (int i = 0; i < 4; i++) snapshots[1][i].Should().Equal(snapshots[0][i], $"frozen weight {i} must not change");
        for (int i = 4; i < 8; i += 2) snapshots[1][i].Should().NotEqual(snapshots[0][i], $"dense kernel {i} trains");
    }
}
