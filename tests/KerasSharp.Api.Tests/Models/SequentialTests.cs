using FluentAssertions;
using KerasSharp.Layers;
using KerasSharp.Models;
using Xunit;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Models;

public sealed class SequentialTests
{
    [Fact]
    public void Pop_removes_the_top_layer_and_the_model_still_runs()
    {
        var model = new Sequential();
        model.Add(new Dense(4, input_shape: 3));
        model.Add(new Dense(2));
        model.Pop();
        model.Layers.Should().HaveCount(1);
        model.Predict(zeros(5, 3)).shape.Should().Equal(5, 4);
    }

    [Fact]
    public void Input_layer_or_batch_input_shape_sets_the_input()
    {
        var a = new Sequential();
        a.Add(new InputLayer(input_shape: (6, 6, 2)));
        a.Add(new Conv2D(3, 3, padding: "same"));
        a.Layers.Should().ContainSingle("standalone Keras 2 keeps the InputLayer out of model.layers");
        a.Layers[0].OutputShape.Should().Be(new Shape(null, 6, 6, 3));

        var b = new Sequential();
        b.Add(new Dense(2, batch_input_shape: new Shape(16, 3)));
        b.Layers[0].OutputShape.Should().Be(new Shape(16, 2));
    }
}
