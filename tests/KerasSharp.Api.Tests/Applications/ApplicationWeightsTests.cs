using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using FluentAssertions;
using KerasSharp.Applications;
using KerasSharp.Backend;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Saving;
using KerasSharp.Tests.Harness;
using KerasSharp.Utils;
using Newtonsoft.Json.Linq;
using Xunit;
using static KerasSharp.Tests.Applications.ApplicationCases;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Applications;

/// <summary>
/// <c>weights</c>: Keras's ImageNet file names, addresses and hashes (as keras_applications 1.0.8 asks get_file for
/// them), the download into <c>$KERAS_HOME/models</c> on a loopback server with and without a hash, a weights file's
/// path, the save/load round trip of a small model, and the Keras 1 layout of the ImageNet files.
/// </summary>
public sealed class ApplicationWeightsTests : IDisposable
{
    private readonly Func<string, string, string?, string> _fetcher = imagenet_utils.Fetcher;
    private readonly TempKerasHome _home = new();

    public void Dispose()
    {
        imagenet_utils.Fetcher = _fetcher;
        _home.Dispose();
    }

    private sealed class Asked(string fname, string origin, string? hash) : Exception($"{fname} {origin} {hash}")
    {
        public (string, string, string?) File { get; } = (fname, origin, hash);
    }

    public static IEnumerable<object[]> Downloads =>
        ((JObject)Golden.Load("applications/downloads.json")).Properties().Select(p => new object[] { p.Name });

    [Theory]
    [MemberData(nameof(Downloads))]
    public void Imagenet_weights_are_Keras_files(string name)
    {
        var expected = Golden.Load("applications/downloads.json")[name]!;
        imagenet_utils.Fetcher = (fname, origin, hash) => throw new Asked(fname, origin, hash);

        var act = () => Create((string)expected["function"]!, (JObject)expected["arguments"]!, weights: "imagenet");

        act.Should().Throw<Asked>().Which.File.Should().Be(((string)expected["fname"]!, (string)expected["origin"]!, (string?)expected["file_hash"]));
        ((string)expected["cache_subdir"]!).Should().Be("models");
    }

    [Fact]
    public void Saved_weights_and_a_saved_model_load_back()
    {
        var model = SmallModel(seed: 5);
        var weightsPath = Path.Combine(_home.Home, "mobilenet_small.h5");
        model.SaveWeights(weightsPath);
        var modelPath = Path.Combine(_home.Home, "mobilenet_small_model.h5");
        model.Save(modelPath);

        var fromWeights = SmallModel(weights: weightsPath);
        var fromModel = SavingApi.LoadModel(modelPath);

        using var x = mobilenet.PreprocessInput(rand(2, 128, 128, 3) * 255);
        using var expected = model.Predict(x);
        foreach (var loaded in new[] { fromWeights, fromModel })
        {
            loaded.Weights.Select(w => w.FullName).Should().Equal(model.Weights.Select(w => w.FullName));
            for (int i = 0; i < model.Weights.Count; i++)
                Tensors.Values(loaded.Weights[i].Value).Should().Equal(Tensors.Values(model.Weights[i].Value), model.Weights[i].FullName);
            Tensors.Values(loaded.Predict(x)).Should().Equal(Tensors.Values(expected));
        }
    }

    [Fact]
    public void Imagenet_weights_are_downloaded_into_the_models_cache_when_absent()
    {
        // Keras gives no hash for the MobileNet files: any file is taken, as Keras's get_file does.
        var source = SmallModel(seed: 7);
        var served = Path.Combine(_home.Home, "served.h5");
        source.SaveWeights(served);
        var body = File.ReadAllBytes(served);
        var url = LoopbackServer.Serve(body, "mobilenet_2_5_128_tf_no_top.h5", out var server);
        imagenet_utils.Fetcher = (fname, origin, hash) => DataUtils.GetFile(fname, url, cache_subdir: "models", file_hash: hash);

        var model = SmallModel(weights: "imagenet");
        server.Join();

        File.ReadAllBytes(Path.Combine(_home.Home, "models", "mobilenet_2_5_128_tf_no_top.h5")).Should().Equal(body);
        Directory.GetFiles(Path.Combine(_home.Home, "models")).Should().ContainSingle("no partial download is left");
        for (int i = 0; i < model.Weights.Count; i++)
            Tensors.Values(model.Weights[i].Value).Should().Equal(Tensors.Values(source.Weights[i].Value));

        // Once there, the file is read without a download (the server has answered its one request).
        var again = SmallModel(weights: "imagenet");
        Tensors.Values(again.Weights[0].Value).Should().Equal(Tensors.Values(source.Weights[0].Value));
    }

    [Fact]
    public void A_download_that_fails_Keras_hash_is_an_error_and_keeps_nothing()
    {
        var url = LoopbackServer.Serve(new byte[] { 1, 2, 3 }, "vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5", out var server);
        imagenet_utils.Fetcher = (fname, origin, hash) => DataUtils.GetFile(fname, url, cache_subdir: "models", file_hash: hash);

        var act = () => vgg16.VGG16(include_top: false, weights: "imagenet");

        // Keras's MD5 of vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5 (vgg16.py).
        act.Should().Throw<InvalidDataException>().WithMessage($"*{url} is corrupt*MD5*expected 6d6bbae143d832006294945121d1f1fc*");
        server.Join();
        Directory.Exists(Path.Combine(_home.Home, "models")).Should().BeFalse("neither the file nor the folder made for it is kept");
    }

    [Fact]
    public void A_weights_file_in_the_layout_of_the_imagenet_files_loads()
    {
        // The ImageNet files are Keras 1's (no keras_version; conv1_W:0, bn_conv1_running_std:0): Keras 2 loads them
        // by layer order as they are, and so do the applications for these layers (the path their weights take);
        // a user's LoadWeights refuses Keras 1 files (keras-formats.md).
        KerasBackend.ClearSession();
        var input = LayerFunctions.Input(shape: (8, 8, 3));
        var x = new Conv2D(4, (3, 3), name: "conv1").Apply(input);
        x = new BatchNormalization(name: "bn_conv1").Apply(x);
        x = new SeparableConv2D(5, (3, 3), name: "sep").Apply(x);
        x = new DepthwiseConv2D((3, 3), use_bias: false, name: "dw").Apply(x);
        x = new GlobalAveragePooling2D(name: "pool").Apply(x);
        x = new Dense(2, name: "fc").Apply(x);
        var model = new Model(input, x);

        var file = Golden.PathOf(Path.Combine("applications", "keras1_style.h5"));
        FluentActions.Invoking(() => model.LoadWeights(file)).Should().Throw<KerasException>().WithMessage("*written by Keras 1*not supported*");
        KerasSharp.Saving.SavingApi.LoadWeights(model, file, byName: false, skipMismatch: false, keras1Allowed: true);

        var values = (JObject)Golden.Load("applications/keras1_style.json");
        var stored = new[] { "conv1_W:0", "conv1_b:0", "bn_conv1_gamma:0", "bn_conv1_beta:0", "bn_conv1_running_mean:0", "bn_conv1_running_std:0",
                             "sep_depthwise_kernel:0", "sep_pointwise_kernel:0", "sep_b:0", "dw_depthwise_kernel:0", "fc_W:0", "fc_b:0" };
        model.Weights.Should().HaveCount(stored.Length);
        for (int i = 0; i < stored.Length; i++)
            Golden.ShouldMatch(model.Weights[i].Value, values[stored[i]]!, tolerance: 0, because: model.Weights[i].FullName);
    }

    /// <summary>MobileNet(alpha=0.25, input_shape=(128, 128, 3), include_top=False): 218,544 parameters.</summary>
    private static Model SmallModel(string? weights = null, int seed = 0)
    {
        KerasBackend.ClearSession();
        KerasBackend.SetSeed(seed);
        var model = mobilenet.MobileNet(input_shape: (128, 128, 3), alpha: 0.25, include_top: false, weights: weights);
        if (weights is not null) return model;
        // Fresh batch-norm statistics are 0 and 1: make them differ so that a round trip shows them.
        foreach (var w in model.Weights.Where(w => w.Name is "moving_mean" or "moving_variance"))
            w.Assign(rand(w.Shape) + 0.5);
        return model;
    }
}
