using System;
using System.IO;
using System.Linq;
using FluentAssertions;
using KerasExamples;
using KerasExamples.Antirectifier;
using KerasExamples.Cifar10CnnCapsule;
using KerasExamples.Cifar10Resnet;
using KerasSharp.Tests.Harness;
using Xunit;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Examples;

/// <summary>
/// The ports of Keras 2.2.4's examples (examples/KerasExamples), run on a few samples for one epoch; their custom
/// layers and functions checked by hand.
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
        KerasSharp.Backend.KerasBackend.SetSeed(1);
        KerasSharp.Callbacks.History? history = null;
        var printed = Printed(() => history = AntirectifierScript.Run(new ExampleOptions(Epochs: 1, Samples: 256, Verbose: 0)));
        printed.Should().Contain("256 train samples").And.Contain("256 test samples");
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
}
