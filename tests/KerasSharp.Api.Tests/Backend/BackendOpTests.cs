using System.Linq;
using FluentAssertions;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Tests.Harness;
using Newtonsoft.Json.Linq;
using Xunit;
using static KerasSharp.Layers.LayerFunctions;
using static TorchSharp.torch;
using K = KerasSharp.Backend.KerasBackend;

namespace KerasSharp.Tests.Backend;

/// <summary>Backend functions on layer outputs: recorded as graph nodes (no Lambda), run, saved and loaded.</summary>
public sealed class BackendOpTests
{
    [Fact]
    public void K_math_on_a_layer_output_is_a_graph_node()
    {
        KerasSharp.Backend.KerasBackend.SetSeed(6);
        var x = Input(shape: (3, 4));
        var pooled = K.Mean(x, axis: 1);
        pooled.Shape.Should().Be(new Shape(null, 4));
        pooled.Layer.Should().BeOfType<BackendOp>().Which.Name.Should().StartWith("mean_");
        var joined = K.Concatenate([K.Square(pooled), pooled], axis: -1);
        var model = new Model(x, new Dense(2).Apply(joined));

        using var data = arange(24, dtype: float32).reshape(2, 3, 4);
        using var means = data.mean(new long[] { 1 });
        var expected = model.GetLayer(index: model.Layers.Count - 1).Apply(cat(new[] { means.square(), means }, -1));
        Tensors.Values(model.Predict(data)).Should().Equal(Tensors.Values(expected));

        var json = model.ToJson();
        var op = JObject.Parse(json)["config"]!["layers"]!.First(l => (string)l["class_name"]! == "BackendOp");
        op["config"]!["function"]!.ToString().Should().Be("mean");
        op["config"]!["arguments"]!.ToString(Newtonsoft.Json.Formatting.None).Should().Be("{\"axis\":1,\"keepdims\":false}");
        var loaded = KerasSharp.Saving.SavingApi.ModelFromJson(json);
        loaded.SetWeights(model.GetWeights());
        Tensors.Values(loaded.Predict(data)).Should().Equal(Tensors.Values(expected));
    }

    [Fact]
    public void Eager_and_symbolic_forms_agree()
    {
        using var data = tensor(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        Tensors.Values(K.Mean(data, axis: 1, keepdims: true)).Should().Equal(2f, 5f);
        K.Mean(data).item<float>().Should().Be(3.5f);
        var x = Input(shape: 3);
        K.Mean(x, axis: 1, keepdims: true).Shape.Should().Be(new Shape(null, 1));
        K.Mean(x).Shape.Should().Be(new Shape());
    }
}
