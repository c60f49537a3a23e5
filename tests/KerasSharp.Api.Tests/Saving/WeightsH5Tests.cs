using System;
using System.IO;
using System.Linq;
using FluentAssertions;
using KerasSharp.Backend;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Saving;
using KerasSharp.Tests.Harness;
using PureHDF;
using Xunit;
using static KerasSharp.Saving.SavingApi;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Saving;

public sealed class WeightsH5Tests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("kerassharp-h5");

    public void Dispose() => _dir.Delete(recursive: true);

    private string PathOf(string name) => Path.Combine(_dir.FullName, name);

    [Fact]
    public void Tutorial_model_weights_round_trip_through_h5()
    {
        KerasBackend.ClearSession();
        KerasBackend.SetSeed(3);
        var model = TutorialModel.Build();
        model.Compile("rmsprop", "categorical_crossentropy");
        model.TrainOnBatch(randn(8, 32, 32, 3), NpUtilsOneHot(8)); // moving statistics move away from their initial values
        model.SaveWeights(PathOf("model.h5"));

        var loaded = ModelFromJson(model.ToJson());
        loaded.LoadWeights(PathOf("model.h5"));

        for (int i = 0; i < model.GetWeights().Length; i++)
            Tensors.Values(loaded.GetWeights()[i]).Should().Equal(Tensors.Values(model.GetWeights()[i]));
        var x = randn(3, 32, 32, 3);
        Tensors.Values(loaded.Predict(x)).Should().Equal(Tensors.Values(model.Predict(x)));
    }

    private static Tensor NpUtilsOneHot(int n) => KerasSharp.Utils.NpUtils.ToCategorical(arange(n) % 10, 10);

    [Fact]
    public void Written_file_has_the_Keras_2_layout_with_fixed_length_names()
    {
        KerasBackend.ClearSession();
        var model = TutorialModel.Build();
        model.SaveWeights(PathOf("w.h5"));

        using var file = H5File.OpenRead(PathOf("w.h5"));
        var layerNames = file.Attribute("layer_names");
        layerNames.Type.Class.Should().Be(H5DataTypeClass.String, "fixed-length, as Keras 2 wrote them");
        layerNames.Read<string[]>().Select(s => s.TrimEnd('\0')).Should().Equal(model.Layers.Select(l => l.Name));
        file.Attribute("backend").Read<string>().TrimEnd('\0').Should().Be("tensorflow");
        file.Attribute("keras_version").Read<string>().TrimEnd('\0').Should().Be("2.2.4");
        var bn = file.Group("batch_normalization_1");
        bn.Attribute("weight_names").Read<string[]>().Select(s => s.TrimEnd('\0')).Should().Equal(
            "batch_normalization_1/gamma:0", "batch_normalization_1/beta:0", "batch_normalization_1/moving_mean:0", "batch_normalization_1/moving_variance:0");
        file.Group("conv2d_1").Dataset("conv2d_1/kernel:0").Space.Dimensions.Should().Equal(3ul, 3ul, 3ul, 32ul);
        var weightless = file.Group("dropout_1").Attribute("weight_names");
        weightless.Type.Class.Should().Be(H5DataTypeClass.FloatingPoint);
        weightless.Space.Dimensions.Should().Equal(0ul);
        // No string is cut: the longest name survives whole.
        file.Group("batch_normalization_6").Attribute("weight_names").Read<string[]>()[3].TrimEnd('\0').Should().Be("batch_normalization_6/moving_variance:0");
    }

    [Fact]
    public void Shape_or_count_mismatch_names_the_layer_and_leaves_the_model_unchanged()
    {
        var small = new Sequential();
        small.Add(new Dense(4, input_shape: 3, name: "d1"));
        small.Add(new Dense(2, name: "d2"));
        small.SaveWeights(PathOf("small.h5"));

        var other = new Sequential();
        other.Add(new Dense(4, input_shape: 3, name: "d1"));
        other.Add(new Dense(5, name: "d2"));
        var before = other.GetWeights().Select(Tensors.Values).ToList();
        FluentActions.Invoking(() => other.LoadWeights(PathOf("small.h5"))).Should().Throw<KerasException>()
            .WithMessage("*Layer 'd2' weight kernel: the model has shape (4, 5), the file has (4, 2)*");
        other.GetWeights().Select(Tensors.Values).Should().BeEquivalentTo(before, o => o.WithStrictOrdering(), "nothing is assigned unless every weight fits");

        var three = new Sequential();
        three.Add(new Dense(4, input_shape: 3));
        three.Add(new Dense(2));
        three.Add(new Dense(2));
        FluentActions.Invoking(() => three.LoadWeights(PathOf("small.h5"))).Should().Throw<KerasException>()
            .WithMessage("You are trying to load a weight file containing 2 layers into a model with 3 layers*");

        // by_name + skip_mismatch loads what fits and skips the rest with a warning.
        other.LoadWeights(PathOf("small.h5"), by_name: true, skip_mismatch: true);
        Tensors.Values(other.GetWeights()[0]).Should().Equal(Tensors.Values(small.GetWeights()[0]));
    }

    [Fact]
    public void Truncated_or_foreign_files_give_clear_errors()
    {
        var model = new Sequential();
        model.Add(new Dense(4, input_shape: 3));
        model.SaveWeights(PathOf("ok.h5"));
        File.WriteAllBytes(PathOf("cut.h5"), File.ReadAllBytes(PathOf("ok.h5"))[..600]);
        FluentActions.Invoking(() => model.LoadWeights(PathOf("cut.h5"))).Should().Throw<KerasException>().WithMessage("*cut.h5*");

        var foreign = new H5File { ["data"] = new float[] { 1, 2 } };
        foreign.Write(PathOf("foreign.h5"));
        FluentActions.Invoking(() => model.LoadWeights(PathOf("foreign.h5"))).Should().Throw<KerasException>().WithMessage("*not a Keras weights file*layer_names*");
    }

    [Fact]
    public void An_interrupted_save_keeps_the_old_file()
    {
        var model = new Sequential();
        model.Add(new Dense(4, input_shape: 3));
        File.WriteAllText(PathOf("keep.h5"), "old contents");
        KerasSharp.Saving.AtomicFile.Write(PathOf("keep.h5"), tmp =>
        {
            File.WriteAllText(tmp, "half");
            // The save is cut short before the rename.
            FluentActions.Invoking(() => throw new IOException("disk full")).Should().Throw<IOException>();
        });
        File.ReadAllText(PathOf("keep.h5")).Should().Be("half", "a completed write replaces the file");
        FluentActions.Invoking(() => KerasSharp.Saving.AtomicFile.Write(PathOf("keep.h5"), tmp =>
        {
            File.WriteAllText(tmp, "partial");
            throw new IOException("disk full");
        })).Should().Throw<IOException>();
        File.ReadAllText(PathOf("keep.h5")).Should().Be("half", "a failed write leaves the old file intact");
        _dir.GetFiles("*.tmp", SearchOption.AllDirectories).Should().BeEmpty("the temporary file is removed");
    }

    [FixtureFact]
    public void Every_legacy_fixture_loads_and_Keras_1_is_refused_outside_the_applications()
    {
        var root = FixtureFactAttribute.Folder;
        var k224 = ModelFromJson(File.ReadAllText(Path.Combine(root, "k224-cnn-pair/classifier_structure.json")));
        k224.LoadWeights(Path.Combine(root, "k224-cnn-pair/model_weights.h5"));
        var k216 = ModelFromJson(File.ReadAllText(Path.Combine(root, "k216-cnn-list/model.json")));
        k216.LoadWeights(Path.Combine(root, "k216-cnn-list/model.h5"));
        var bn = ModelFromJson(File.ReadAllText(Path.Combine(root, "tfk224tf-bn-pair/modelConfig.json")));
        bn.LoadWeights(Path.Combine(root, "tfk224tf-bn-pair/weights.h5"));
        bn.Layers.OfType<BatchNormalization>().First().Weights.Select(w => w.Name).Should().Equal("gamma", "beta", "moving_mean", "moving_variance");

        using (var full = H5File.OpenRead(Path.Combine(root, "k231-full-and-weights/model.h5")))
        {
            var k231 = ModelFromJson(full.Attribute("model_config").Read<string>());
            k231.LoadWeights(Path.Combine(root, "k231-full-and-weights/model.h5"));
            var fromWeightsFile = ModelFromJson(full.Attribute("model_config").Read<string>());
            fromWeightsFile.LoadWeights(Path.Combine(root, "k231-full-and-weights/model_weights.h5"));
            var x = rand(2, 28, 28, 3);
            Tensors.Values(k231.Predict(x)).Should().Equal(Tensors.Values(fromWeightsFile.Predict(x)));
        }
        using (var k3 = H5File.OpenRead(Path.Combine(root, "k3-mnist-triple/model.h5")))
        {
            var model = ModelFromJson(k3.Attribute("model_config").Read<string>());
            model.LoadWeights(Path.Combine(root, "k3-mnist-triple/model.h5")); // skips top_level_model_weights
            model.Layers[1].GetWeights()[0].shape.Should().Equal(784, 64);
        }

        // A Keras 1 file (no keras_version) is refused (keras-formats.md), except by keras.applications, whose ImageNet
        // files are in Keras 1's layout: there it loads where Keras 2 converts nothing (Conv2D with 'tf' ordering, Dense).
        var keras1File = Path.Combine(root, "keras1-legacy-negative/mnist_model_weights.h5");
        var keras1 = new Sequential();
        keras1.Add(new Conv2D(32, (3, 3), activation: "relu", input_shape: (28, 28, 1)));
        keras1.Add(new Conv2D(32, (3, 3), activation: "relu"));
        keras1.Add(new MaxPooling2D());
        keras1.Add(new Flatten());
        keras1.Add(new Dense(128, activation: "relu"));
        keras1.Add(new Dense(10, activation: "softmax"));
        FluentActions.Invoking(() => keras1.LoadWeights(keras1File))
            .Should().Throw<KerasException>().WithMessage("*mnist_model_weights.h5 was written by Keras 1*not supported*");
        SavingApi.LoadWeights(keras1, keras1File, byName: false, skipMismatch: false, keras1Allowed: true);
        // h5py: f['convolution2d_1']['convolution2d_1_W:0'][0, 0, 0, :3] and f['dense_2']['dense_2_b:0'][:3].
        Tensors.Values(keras1.Layers[0].GetWeights()[0])[..3].Should().Equal(0.23363855f, -0.31705758f, 0.09954627f);
        Tensors.Values(keras1.Layers[^1].GetWeights()[1])[..3].Should().Equal(-0.0029788844f, -0.0062447907f, -0.0050777397f);

        // Where Keras 2 converts Keras 1 weights (Conv1D, recurrent layers, ...), even the applications' path refuses it.
        var converted = new Sequential();
        converted.Add(new Conv1D(32, 3, input_shape: (28, 1)));
        converted.Add(new Dense(32));
        converted.Add(new Dense(128));
        converted.Add(new Dense(10));
        FluentActions.Invoking(() => SavingApi.LoadWeights(converted, keras1File, byName: false, skipMismatch: false, keras1Allowed: true))
            .Should().Throw<KerasException>().WithMessage("*written by Keras 1*layer 'conv1d_*' (Conv1D)*not supported*");
    }
}
