using System;
using System.IO;
using FluentAssertions;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Tests.Harness;
using Xunit;
using static KerasSharp.Saving.SavingApi;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Saving;

/// <summary>SavingApi writes by suffix and reads by content, every format through the one dispatcher.</summary>
public sealed class SavingDispatchTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("kerassharp-dispatch");

    public void Dispose() => _dir.Delete(recursive: true);

    private string PathOf(string name) => Path.Combine(_dir.FullName, name);

    private static Sequential Model(int seed)
    {
        KerasSharp.Backend.KerasBackend.SetSeed(seed);
        var model = new Sequential();
        model.Add(new Dense(4, activation: "relu", input_shape: 3));
        model.Add(new Dense(2));
        model.Compile("adam", "mse");
        return model;
    }

    [Theory]
    [InlineData("w.h5", false)]
    [InlineData("w.weights.h5", false)]
    [InlineData("m.h5", true)]
    [InlineData("m.keras", true)]
    public void Load_weights_reads_every_written_file_by_content_whatever_its_name(string name, bool wholeModel)
    {
        var saved = Model(1);
        if (wholeModel) saved.Save(PathOf(name));
        else saved.SaveWeights(PathOf(name));
        File.Copy(PathOf(name), PathOf("renamed.bin"));
        var x = rand(5, 3);
        foreach (var path in new[] { PathOf(name), PathOf("renamed.bin") })
        {
            var model = Model(2);
            model.LoadWeights(path);
            Tensors.Values(model.Predict(x)).Should().Equal(Tensors.Values(saved.Predict(x)), path);
        }
    }

    [Fact]
    public void Load_model_reads_by_content_and_refuses_weights_files()
    {
        var saved = Model(1);
        saved.Save(PathOf("m.keras"));
        File.Copy(PathOf("m.keras"), PathOf("zip-named.h5"));
        var x = rand(5, 3);
        Tensors.Values(LoadModel(PathOf("zip-named.h5")).Predict(x)).Should().Equal(Tensors.Values(saved.Predict(x)));

        saved.SaveWeights(PathOf("w.weights.h5"));
        FluentActions.Invoking(() => LoadModel(PathOf("w.weights.h5"))).Should().Throw<KerasException>().WithMessage("*without a model_config*");
    }
}
