using System;
using System.IO;
using System.Linq;
using FluentAssertions;
using KerasExamples;
using KerasExamples.FineTuneInceptionV3;
using KerasSharp.Preprocessing.Image;
using KerasSharp.Tests.Harness;
using Xunit;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Examples;

/// <summary>
/// The transfer-learning example (keras.applications' "Fine-tune InceptionV3 on a new set of classes") on a folder of
/// eight 90×90 PNG images in two classes, at 75×75 (InceptionV3's smallest input), without ImageNet weights (no
/// network here): the head trains with the base frozen, then the top two inception blocks fine-tune.
/// </summary>
public sealed class TransferLearningExampleTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("kerassharp-transfer");
    private readonly string _previous = Directory.GetCurrentDirectory();

    public TransferLearningExampleTests() => Directory.SetCurrentDirectory(_dir.FullName);

    public void Dispose()
    {
        Directory.SetCurrentDirectory(_previous);
        _dir.Delete(recursive: true);
    }

    [Fact]
    public void Fine_tune_inceptionv3_freezes_the_base_then_the_first_249_layers()
    {
        var generator = new TorchSharp.torch.Generator(7);
        foreach (var (label, level) in new[] { ("bright", 200), ("dark", 40) })
        {
            Directory.CreateDirectory(Path.Combine("data", "train", label));
            for (int i = 0; i < 4; i++)
                ImageFiles.SaveImg(Path.Combine("data", "train", label, $"{i}.png"),
                                   (full(90, 90, 3, level) + randint(-30, 30, new long[] { 90, 90, 3 }, generator: generator)).clamp(0, 255), scale: false);
        }

        KerasSharp.Backend.KerasBackend.ClearSession();
        KerasSharp.Backend.KerasBackend.SetSeed(5);
        var ((model, top, fineTuned), printed) = StandardOutput.Capture(() =>
            FineTuneInceptionV3Script.Run(new ExampleOptions(Epochs: 1, Verbose: 0, Weights: "none", ImageSize: 75)));

        printed.Should().Contain("Found 8 images belonging to 2 classes.");
        // keras_applications' InceptionV3 without its top: 311 layers, input_1 first, mixed10 last; layer 249 begins mixed9.
        printed.Should().Contain("0 input_1").And.Contain("249 conv2d_81").And.Contain("310 mixed10");
        model.Outputs.Single().Shape.Should().Be(new Shape(null, 2));
        top.Values["loss"].Should().ContainSingle().Which.Should().BeGreaterThan(0);
        fineTuned.Values["loss"].Should().ContainSingle().Which.Should().BeGreaterThan(0);

        // The same seed builds the same initial base: the first 249 layers never trained (frozen in both phases), the
        // inception blocks after them did in the second phase.
        KerasSharp.Backend.KerasBackend.ClearSession();
        KerasSharp.Backend.KerasBackend.SetSeed(5);
        using var initial = KerasSharp.Applications.inception_v3.InceptionV3(weights: null, include_top: false, input_shape: (75, 75, 3));
        for (int i = 0; i < 249; i++)
            model.Layers[i].GetWeights().Select(Tensors.Values).Should().BeEquivalentTo(initial.Layers[i].GetWeights().Select(Tensors.Values),
                o => o.WithStrictOrdering(), $"layer {i} ({model.Layers[i].Name}) is frozen");
        Enumerable.Range(249, 311 - 249).Where(i => model.Layers[i].TrainableWeights.Count > 0)
            .Should().Contain(i => !Tensors.Values(model.Layers[i].TrainableWeights[0].Value).SequenceEqual(Tensors.Values(initial.Layers[i].TrainableWeights[0].Value)),
                "the top two inception blocks fine-tune");
    }
}
