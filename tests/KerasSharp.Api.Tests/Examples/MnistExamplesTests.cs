using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using FluentAssertions;
using KerasExamples;
using KerasExamples.MnistAcgan;
using KerasExamples.MnistDenoisingAutoencoder;
using KerasExamples.MnistIrnn;
using KerasExamples.MnistMlp;
using KerasExamples.MnistTransferCnn;
using KerasSharp.Preprocessing.Image;
using KerasSharp.Tests.Harness;
using Xunit;
using static TorchSharp.torch;

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

    [Fact]
    public void Mnist_denoising_autoencoder_trains_and_draws_its_grid()
    {
        // All of the small mnist.npz: the script's grid needs 300 test images.
        var (result, printed) = StandardOutput.Capture(() => MnistDenoisingAutoencoderScript.Run(new ExampleOptions(Epochs: 1, Verbose: 0)));
        // Encoder: Conv2D 3·3·1·32+32 = 320; Conv2D 3·3·32·64+64 = 18,496; 7·7·64 = 3,136 features; Dense 3,136·16+16 = 50,192.
        printed.Should().Contain("Total params: 69,008");
        // Decoder: Dense 16·3,136+3,136 = 53,312; Conv2DTranspose 3·3·64·64+64 = 36,928, 3·3·64·32+32 = 18,464, 3·3·32·1+1 = 289.
        printed.Should().Contain("Total params: 108,993");
        printed.Should().Contain("Total params: 178,001");
        result.encoder.Outputs.Single().Shape.Should().Be(new Shape(null, 16));
        result.decoder.Outputs.Single().Shape.Should().Be(new Shape(null, 28, 28, 1));
        result.history.Values.Keys.Should().BeEquivalentTo("loss", "val_loss");
        result.history.Values["loss"].Should().ContainSingle().Which.Should().BeInRange(0, 1, "a mean squared error of values in [0, 1]");

        // 30 rows of 30 images: rows 3j, 3j+1, 3j+2 are originals, noisy and denoised; in row 3j, column 3r'+c' holds
        // test image 30r' + 3j + c' (the script's split/vstack/hstack).
        var grid = PilImage.Open(Path.Combine(_dir.FullName, "corrupted_and_denoised.png"));
        (grid.Mode, grid.Size).Should().Be(("L", (840, 840)));
        using var pixels = grid.ToArray().to_type(ScalarType.Float32);
        var ((_, _), (x_test, _)) = KerasSharp.Datasets.Mnist.LoadData();
        Tensor Block(int row, int col) => pixels[(28 * row)..(28 * row + 28), (28 * col)..(28 * col + 28)];
        foreach (var (row, col, image) in new[] { (0, 0, 0), (0, 1, 1), (0, 3, 30), (3, 0, 3), (27, 29, 299) })
        {
            // (v / 255) · 255 in float32, truncated to a byte: the image's own value or one less.
            var difference = (x_test[image].to_type(ScalarType.Float32) - Block(row, col)).abs().max().item<float>();
            difference.Should().BeLessThanOrEqualTo(1, $"block ({row}, {col}) is test image {image}");
        }
        // Noise of mean 0.5 and deviation 0.5, clipped to [0, 1], averages about 0.5 (0.4 to 0.6 over 784 pixels).
        Block(1, 0).mean().item<float>().Should().BeInRange(0.4f * 255, 0.6f * 255);
    }

    [Fact]
    public void Mnist_acgan_trains_two_batches_saves_and_keeps_the_discriminator_frozen_in_the_combined_model()
    {
        // 200 samples: two batches of 100; the picture's real part then has 200 images, 20 rows of each class.
        var (result, printed) = StandardOutput.Capture(() => MnistAcganScript.Run(new ExampleOptions(Epochs: 1, Samples: 200)));
        // Discriminator: Conv2D 3·3·1·32+32 = 320, 3·3·32·64+64 = 18,496, 3·3·64·128+128 = 73,856,
        // 3·3·128·256+256 = 295,168; 7·7·256 = 12,544 features; generation 12,545; auxiliary 12,544·10+10 = 125,450.
        printed.Should().Contain("Discriminator model:").And.Contain("Total params: 525,835");
        // Generator: Dense 100·3,456+3,456 = 349,056; Conv2DTranspose 5·5·192·384+192 = 1,843,392; BatchNormalization
        // 4·192 = 768; Conv2DTranspose 5·5·96·192+96 = 460,896; BatchNormalization 384; Conv2DTranspose 5·5·96+1 = 2,401;
        // Embedding 10·100 = 1,000: 2,657,897. Combined: 3,183,732, of which the generator's 2,657,321 train (the
        // frozen discriminator's 525,835 and the moving statistics' 576 do not).
        printed.Should().Contain("Combined model:").And.Contain("Total params: 3,183,732")
            .And.Contain("Trainable params: 2,657,321").And.Contain("Non-trainable params: 526,411");
        printed.Should().Contain("Epoch 1/1").And.Contain("2/2 [").And.Contain("Testing for epoch 1:")
            .And.Contain("component              | loss | generation_loss | auxiliary_loss");

        // Each history row is [loss, generation_loss, auxiliary_loss]; the loss is the sum of the two (no penalties).
        foreach (var history in new[] { result.train_history, result.test_history })
            foreach (var component in new[] { "generator", "discriminator" })
            {
                var row = history[component].Should().ContainSingle().Subject;
                row.Should().HaveCount(3);
                row[0].Should().BeApproximately(row[1] + row[2], 1e-4 * row[0]);
            }
        printed.Should().Contain($"{"generator (train)",-22} | {result.train_history["generator"][0][0],-4:F2} | ");

        foreach (var file in new[] { "params_generator_epoch_001.hdf5", "params_discriminator_epoch_001.hdf5", "acgan-history.json" })
            File.Exists(Path.Combine(_dir.FullName, file)).Should().BeTrue(file);
        var picture = PilImage.Open(Path.Combine(_dir.FullName, "plot_epoch_001_generated.png"));
        // 21 columns of 20 images (10 generated classes, the separator, 10 of real images sorted by label).
        (picture.Mode, picture.Size).Should().Be(("L", (21 * 28, 20 * 28)));
        using var pixels = picture.ToArray();
        pixels[.., (10 * 28)..(11 * 28)].eq(255).all().item<bool>().Should().BeTrue("ones · 127.5 + 127.5 is white");
        // The first real image is one of the training zeros: (v - 127.5) / 127.5 · 127.5 + 127.5 in float32 is v or one less.
        var ((x_train, y_train), _) = KerasSharp.Datasets.Mnist.LoadData();
        using var first = pixels[..28, (11 * 28)..(12 * 28)].to_type(ScalarType.Float32);
        using var zeros = x_train[..200][y_train[..200] == 0].to_type(ScalarType.Float32);
        (zeros - first).abs().amax([1, 2]).min().item<float>().Should().BeLessThanOrEqualTo(1);

        // discriminator.trainable = False before compiling the combined model: its training leaves the
        // discriminator's weights alone and moves the generator's.
        var discriminatorBefore = result.discriminator.Weights.Select(w => Tensors.Values(w.Value)).ToArray();
        var generatorBefore = result.generator.TrainableWeights.Select(w => Tensors.Values(w.Value)).ToArray();
        using var noise = rand(4, 100) * 2 - 1;
        using var labels = tensor(new long[] { 1, 2, 3, 4 });
        result.combined.TrainOnBatch([noise, labels.reshape(-1, 1)], [ones(4), labels]);
        result.discriminator.Weights.Select(w => Tensors.Values(w.Value)).Should().BeEquivalentTo(discriminatorBefore, o => o.WithStrictOrdering());
        result.generator.TrainableWeights.Select(w => Tensors.Values(w.Value)).Zip(generatorBefore)
            .Should().Contain(p => !p.First.SequenceEqual(p.Second), "the generator trains");
    }
}
