using System;
using System.IO;
using System.Linq;
using FluentAssertions;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Saving;
using KerasSharp.Tests.Harness;
using Newtonsoft.Json.Linq;
using Xunit;
using static KerasSharp.Layers.LayerFunctions;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Layers.Wrappers;

public sealed class TimeDistributedTests
{
    /// <summary>TimeDistributed(Dense(2)) on (batch 1, time 2, features 2) with kernel [[1, 2], [3, 4]] and bias [0.5, -1].</summary>
    private static Sequential DenseOverTime()
    {
        var model = new Sequential(name: "td");
        model.Add(new TimeDistributed(new Dense(2, name: "inner"), input_shape: new Shape(2, 2), name: "time_distributed_1"));
        model.Layers[0].SetWeights([tensor(new float[] { 1, 2, 3, 4 }, 2, 2), tensor(new float[] { 0.5f, -1 })]);
        return model;
    }

    [Fact]
    public void Applies_the_layer_to_every_time_step_with_its_weights()
    {
        using var model = DenseOverTime();
        var layer = (TimeDistributed)model.Layers[0];
        layer.OutputShape.Should().Be(new Shape(null, 2, 2));
        model.CountParams().Should().Be(6, "the wrapped Dense's 2·2 + 2");
        // Step [1, 0]: [1, 2] + [0.5, -1] = [1.5, 1]; step [0, 2]: [6, 8] + [0.5, -1] = [6.5, 7].
        using var x = tensor(new float[] { 1, 0, 0, 2 }, 1, 2, 2);
        Tensors.Values(model.Predict(x)).Should().Equal(1.5f, 1, 6.5f, 7);
        // Keras 2 names the wrapped layer's weights in the wrapper's scope.
        model.Weights.Select(w => w.FullName).Should().Equal("time_distributed_1/kernel:0", "time_distributed_1/bias:0");

        layer.Trainable = false;
        layer.TrainableWeights.Should().BeEmpty("a frozen wrapper freezes its layer");
        layer.NonTrainableWeights.Should().HaveCount(2);

        FluentActions.Invoking(() => new TimeDistributed(new Dense(2), name: "td2").Apply(Input(shape: 3))).Should().Throw<KerasException>()
            .WithMessage("Input 0 is incompatible with layer td2: expected min_ndim=3, found ndim=2. Full shape received: (None, 3)");
    }

    [Fact]
    public void Json_h5_and_whole_model_files_round_trip_with_the_wrapped_layer()
    {
        using var model = DenseOverTime();
        var json = JObject.Parse(model.ToJson());
        var entry = json["config"]!["layers"]![0]!;
        ((string?)entry["class_name"]).Should().Be("TimeDistributed");
        ((string?)entry["config"]!["layer"]!["class_name"]).Should().Be("Dense");
        ((int)entry["config"]!["layer"]!["config"]!["units"]!).Should().Be(2);
        ((string?)entry["config"]!["layer"]!["config"]!["name"]).Should().Be("inner");

        using var x = tensor(new float[] { 1, 0, 0, 2, -1, 1, 3, 0 }, 2, 2, 2);
        var expected = Tensors.Values(model.Predict(x));
        var dir = Directory.CreateTempSubdirectory("kerassharp-td");
        try
        {
            using var fromJson = SavingApi.ModelFromJson(model.ToJson());
            ((TimeDistributed)fromJson.Layers[0]).Layer.Should().BeOfType<Dense>().Which.Name.Should().Be("inner");
            var weights = Path.Combine(dir.FullName, "w.h5");
            model.SaveWeights(weights);
            fromJson.LoadWeights(weights);
            Tensors.Values(fromJson.Predict(x)).Should().Equal(expected);

            var whole = Path.Combine(dir.FullName, "m.h5");
            model.Save(whole);
            using var loaded = SavingApi.LoadModel(whole);
            Tensors.Values(loaded.Predict(x)).Should().Equal(expected);

            var keras = Path.Combine(dir.FullName, "m.keras");
            model.Save(keras);
            using var loaded3 = SavingApi.LoadModel(keras);
            Tensors.Values(loaded3.Predict(x)).Should().Equal(expected);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_layer_config_that_is_not_a_layer_object_is_named()
    {
        const string json = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": [{\"class_name\": \"TimeDistributed\", \"config\": {\"name\": \"td\", \"layer\": \"Dense\", \"batch_input_shape\": [null, 2, 3]}}]}}";
        FluentActions.Invoking(() => SavingApi.ModelFromJson(json)).Should().Throw<KerasException>()
            .WithMessage("*layer 'td' (TimeDistributed)*`layer`*\"Dense\"*");
    }
}
