using System;
using System.IO;
using System.Linq;
using FluentAssertions;
using KerasExamples;
using KerasExamples.Antirectifier;
using KerasExamples.Cifar10CnnCapsule;
using KerasExamples.Cifar10Resnet;
using KerasExamples.MnistSiamese;
using KerasExamples.VariationalAutoencoder;
using KerasSharp.Models;
using KerasSharp.Tests.Harness;
using Xunit;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Examples;

/// <summary>
/// The ports of Keras 2.2.4's examples (examples/KerasExamples), run on a few samples for one epoch; their custom
/// layers and functions checked by hand. The MNIST scripts call <c>Mnist.LoadData()</c> on the small mnist.npz of
/// Goldens/datasets (make_array_datasets.py) in a temporary KERAS_HOME.
/// </summary>
public sealed class KerasExamplesTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("kerassharp-examples");
    private readonly string _previous = Directory.GetCurrentDirectory();

    // cifar10_resnet.py saves its checkpoints under the current directory, as the script does.
    public KerasExamplesTests() => Directory.SetCurrentDirectory(_dir.FullName);

    public void Dispose()
    {
        Directory.SetCurrentDirectory(_previous);
        _dir.Delete(recursive: true);
    }

    private static string Printed(Action run)
    {
        var output = new StringWriter();
        var previous = Console.Out;
        Console.SetOut(output);
        try
        {
            run();
        }
        finally
        {
            Console.SetOut(previous);
        }
        return output.ToString();
    }

    [Fact]
    public void Antirectifier_runs_and_its_layer_is_the_hand_computed_function()
    {
        using var home = new TempKerasHome();
        home.AddSmallMnist();
        KerasSharp.Backend.KerasBackend.SetSeed(1);
        KerasSharp.Callbacks.History? history = null;
        var printed = Printed(() => history = AntirectifierScript.Run(new ExampleOptions(Epochs: 1, Verbose: 0)));
        // mnist.load_data() read the whole small mnist.npz: 30 images of each digit in each set.
        printed.Should().Contain("300 train samples").And.Contain("300 test samples");
        history!.Values["loss"].Should().ContainSingle().Which.Should().BeGreaterThan(0);
        history.Values.ContainsKey("val_acc").Should().BeTrue("the 2.2.4 key finds val_accuracy");

        // [1, 3] - mean 2 = [-1, 1]; L2-normalised [-1/√2, 1/√2]; [relu(x), relu(-x)] = [0, 1/√2, 1/√2, 0].
        var layer = new Antirectifier();
        using var x = tensor(new float[] { 1, 3 }, 1, 2);
        var h = 1 / MathF.Sqrt(2);
        Tensors.Values(layer.Apply(x)).Should().Equal(new[] { 0f, h, h, 0f }, (a, e) => MathF.Abs(a - e) < 1e-6f);
        layer.ComputeOutputShape(new Shape(null, 5)).Should().Be(new Shape(null, 10));
    }

    [CifarFact]
    public void Cifar10_resnet_v1_depth_20_trains_on_a_few_images()
    {
        KerasSharp.Backend.KerasBackend.SetSeed(1);
        double[]? scores = null;
        var printed = Printed(() => scores = Cifar10ResnetScript.Run(new ExampleOptions(Epochs: 1, Samples: 64, Verbose: 0)));
        printed.Should().Contain("x_train shape: (64, 32, 32, 3)").And.Contain("y_train shape: (64, 1)")
            .And.Contain("ResNet20v1").And.Contain("Learning rate:  0.001");
        // Keras's ResNet20 v1 for CIFAR-10 has 274,442 parameters (0.27M in the script's table; Keras's summary count).
        printed.Should().Contain("Total params: 274,442");
        scores.Should().HaveCount(2);
        Directory.GetFiles(Path.Combine(_dir.FullName, "saved_models")).Select(Path.GetFileName)
            .Should().ContainSingle("ModelCheckpoint on val_acc saved the first (best) epoch").Which.Should().Be("cifar10_ResNet20v1_model.001.h5");
    }

    [Fact]
    public void Capsule_functions_and_layer_compute_what_the_script_says()
    {
        // softmax over an axis, by hand: exp(x - max) / sum.
        using var x = tensor(new float[] { 1, 2, 3, 1 }, 2, 2);
        Tensors.Values(Cifar10CnnCapsuleScript.softmax(x, 1)).Should().Equal(
            new[] { 1 / (1 + MathF.E), MathF.E / (1 + MathF.E), MathF.E * MathF.E / (1 + MathF.E * MathF.E), 1 / (1 + MathF.E * MathF.E) },
            (a, e) => MathF.Abs(a - e) < 1e-6f);
        // squash: |v|² = 25 → scale √25 / (0.5 + 25) = 5 / 25.5.
        using var v = tensor(new float[] { 3, 4 }, 1, 2);
        Tensors.Values(Cifar10CnnCapsuleScript.squash(v)).Should().Equal(new[] { 3 * 5 / 25.5f, 4 * 5 / 25.5f }, (a, e) => MathF.Abs(a - e) < 1e-5f);
        // margin loss of y_pred [0.95, 0.2] for y_true [1, 0]: 1·relu(0.9-0.95)² + 0.5·relu(0.2-0.1)² = 0.005.
        using var loss = Cifar10CnnCapsuleScript.margin_loss(tensor(new float[] { 1, 0 }, 1, 2), tensor(new float[] { 0.95f, 0.2f }, 1, 2));
        loss.item<float>().Should().BeApproximately(0.005f, 1e-6f);

        var capsule = new Capsule(10, 16, 3, true);
        var input = KerasSharp.Layers.LayerFunctions.Input(shape: new Shape(null, 128));
        capsule.Apply(input).Shape.Should().Be(new Shape(null, 10, 16));
        using var data = rand(2, 5, 128);
        capsule.Apply(data).shape.Should().Equal(2, 10, 16);
    }

    [CifarFact]
    public void Cifar10_cnn_capsule_trains_on_a_few_images()
    {
        KerasSharp.Backend.KerasBackend.SetSeed(1);
        KerasSharp.Callbacks.History? history = null;
        var printed = Printed(() => history = Cifar10CnnCapsuleScript.Run(new ExampleOptions(Epochs: 1, Samples: 64, Verbose: 0)));
        printed.Should().Contain("Using real-time data augmentation.").And.Match("*capsule_* (Capsule)*(None, 10, 16)*");
        history!.Values["loss"].Should().ContainSingle();
        history.Values["val_accuracy"].Should().ContainSingle().Which.Should().BeInRange(0, 1);
    }

    [Fact]
    public void Siamese_functions_compute_what_the_script_says()
    {
        // Euclidean distance of [0, 0] and [3, 4] is 5; of equal vectors √epsilon (the script's K.maximum(·, K.epsilon())).
        using var a = tensor(new float[] { 0, 0, 1, 1 }, 2, 2);
        using var b = tensor(new float[] { 3, 4, 1, 1 }, 2, 2);
        var distance = MnistSiameseScript.euclidean_distance([a, b]);
        distance.shape.Should().Equal(2, 1);
        Tensors.Values(distance).Should().Equal(new[] { 5f, MathF.Sqrt(1e-7f) }, (x, e) => MathF.Abs(x - e) < 1e-6f);
        MnistSiameseScript.eucl_dist_output_shape([new Shape(null, 128), new Shape(null, 128)]).Should().Be(new Shape(null, 1));

        // Contrastive loss, margin 1: a similar pair (y 1) at distance 0.5 costs 0.25; a dissimilar one (y 0) at 0.5
        // costs (1 - 0.5)² = 0.25, at 2 nothing; the mean of [0.25, 0.25, 0] is 1/6.
        using var y_true = tensor(new float[] { 1, 0, 0 }, 3, 1);
        using var y_pred = tensor(new float[] { 0.5f, 0.5f, 2 }, 3, 1);
        MnistSiameseScript.contrastive_loss(y_true, y_pred).item<float>().Should().BeApproximately(1f / 6, 1e-6f);
        // Distances below 0.5 predict "same": [0.5, 0.5, 2] predicts [0, 0, 0], right for 2 of 3.
        MnistSiameseScript.compute_accuracy(y_true.ravel(), y_pred).Should().BeApproximately(2.0 / 3, 1e-12);
        MnistSiameseScript.accuracy(y_true, y_pred).item<float>().Should().BeApproximately(2f / 3, 1e-6f);

        // Pairs alternate positive (same digit) and negative (another digit): n = 2 - 1 samples of each of the 10 digits.
        using var x = arange(20).reshape(20, 1).to_type(ScalarType.Float32);
        using var y = arange(20) % 10;
        var digit_indices = Enumerable.Range(0, 10).Select(i => where(y == i)[0]).ToArray();
        var (pairs, labels) = MnistSiameseScript.create_pairs(x, digit_indices);
        pairs.shape.Should().Equal(20, 2, 1);
        Tensors.Values(labels).Select(v => (long)v).Should().Equal(Enumerable.Range(0, 20).Select(i => i % 2 == 0 ? 1L : 0L));
        var digits = (pairs.squeeze(-1) % 10).to_type(ScalarType.Int64).data<long>().ToArray();
        for (int i = 0; i < 20; i++)
            (digits[2 * i] == digits[2 * i + 1]).Should().Be(i % 2 == 0, $"pair {i} is {(i % 2 == 0 ? "positive" : "negative")}");
    }

    [Fact]
    public void Mnist_siamese_trains_on_a_few_samples()
    {
        using var home = new TempKerasHome();
        home.AddSmallMnist();
        KerasSharp.Backend.KerasBackend.SetSeed(1);
        (KerasSharp.Callbacks.History history, double tr_acc, double te_acc) result = default;
        var printed = Printed(() => result = MnistSiameseScript.Run(new ExampleOptions(Epochs: 1, Samples: 256, Verbose: 0)));
        result.history!.Values.Keys.Should().BeEquivalentTo("loss", "accuracy", "val_loss", "val_accuracy");
        result.history.Values["loss"].Should().ContainSingle().Which.Should().BeGreaterThan(0);
        result.tr_acc.Should().BeInRange(0, 1);
        printed.Should().Contain($"* Accuracy on training set: {100 * result.tr_acc:F2}%").And.Contain($"* Accuracy on test set: {100 * result.te_acc:F2}%");
    }

    [Fact]
    public void Variational_autoencoder_trains_saves_and_reloads_on_a_few_samples()
    {
        using var home = new TempKerasHome();
        home.AddSmallMnist();
        KerasSharp.Backend.KerasBackend.SetSeed(1);
        (Model encoder, Model decoder, Model vae, KerasSharp.Callbacks.History? history) result = default;
        var printed = Printed(() => result = VariationalAutoencoderScript.Run(new ExampleOptions(Epochs: 1, Samples: 128, Verbose: 0)));
        // Encoder 784·512+512 + 2·(512·2+2) = 403,972; decoder 2·512+512 + 512·784+784 = 403,728; the VAE both.
        printed.Should().Contain("Total params: 403,972").And.Contain("Total params: 403,728").And.Contain("Total params: 807,700");
        result.encoder!.Outputs.Select(o => o.Shape).Should().Equal(new Shape(null, 2), new Shape(null, 2), new Shape(null, 2));
        // The added loss (reconstruction·784 + KL) is the only loss: a few hundred nats per image.
        result.history!.Values["loss"].Should().ContainSingle().Which.Should().BeInRange(100, 1000);
        result.history.Values["val_loss"].Should().ContainSingle().Which.Should().BeInRange(100, 1000);
        File.Exists(Path.Combine(_dir.FullName, "vae_mlp", "digits_over_latent.png")).Should().BeTrue();

        // -w: the script loads the saved weights instead of training; the decoder then gives the same digits.
        using var z = tensor(new float[] { 0.5f, -1 }, 1, 2);
        var expected = Tensors.Values(result.decoder!.Predict(z));
        (Model encoder, Model decoder, Model vae, KerasSharp.Callbacks.History? history) reloaded = default;
        Printed(() => reloaded = VariationalAutoencoderScript.Run(new ExampleOptions(Samples: 128, Verbose: 0, Weights: "vae_mlp_mnist.h5")));
        reloaded.history.Should().BeNull("-w skips training");
        Tensors.Values(reloaded.decoder!.Predict(z)).Should().Equal(expected);
    }
}
