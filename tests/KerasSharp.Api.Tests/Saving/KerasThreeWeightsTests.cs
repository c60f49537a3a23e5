using System;
using System.IO;
using System.Linq;
using FluentAssertions;
using KerasSharp.Backend;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Tests.Harness;
using PureHDF;
using Xunit;
using static KerasSharp.Saving.SavingApi;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Saving;

/// <summary>Keras 3's .weights.h5 layout, written and read.</summary>
public sealed class KerasThreeWeightsTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("kerassharp-k3");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void Tutorial_model_round_trips_with_Keras_3_storage_names()
    {
        KerasBackend.ClearSession();
        var model = TutorialModel.Build();
        var path = Path.Combine(_dir.FullName, "model.weights.h5");
        model.SaveWeights(path);

        using (var file = H5File.OpenRead(path))
        {
            file.Group("layers/conv2d/vars").Dataset("0").Space.Dimensions.Should().Equal(3ul, 3ul, 3ul, 32ul);
            file.Group("layers/conv2d_5/vars").Dataset("1").Space.Dimensions.Should().Equal(128ul);
            file.Group("layers/batch_normalization_5/vars").Dataset("3").Space.Dimensions.Should().Equal(new[] { 128ul }, "moving_variance is the fourth variable");
            file.Group("layers/dropout_2/vars").Children().Should().BeEmpty();
            file.Group("layers/conv2d/vars").Attribute("name").Read<string>().Should().Be("conv2d_1");
        }

        var loaded = ModelFromJson(model.ToJson());
        loaded.LoadWeights(path);
        var x = randn(2, 32, 32, 3);
        Tensors.Values(loaded.Predict(x)).Should().Equal(Tensors.Values(model.Predict(x)));
    }

    [FixtureFact]
    public void Real_Keras_3_weights_equal_the_legacy_copy()
    {
        var root = FixtureFactAttribute.Folder;
        using var legacy = H5File.OpenRead(Path.Combine(root, "k3-mnist-triple/model.h5"));
        var json = legacy.Attribute("model_config").Read<string>();
        var fromK3 = ModelFromJson(json);
        fromK3.LoadWeights(Path.Combine(root, "k3-mnist-triple/model.weights.h5"));
        var fromLegacy = ModelFromJson(json);
        fromLegacy.LoadWeights(Path.Combine(root, "k3-mnist-triple/model.h5"));
        for (int i = 0; i < fromK3.GetWeights().Length; i++)
            Tensors.Values(fromK3.GetWeights()[i]).Should().Equal(Tensors.Values(fromLegacy.GetWeights()[i]));
    }
}
