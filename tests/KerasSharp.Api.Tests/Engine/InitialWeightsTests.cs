using System;
using System.Linq;
using FluentAssertions;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Tests.Harness;
using Xunit;
using static KerasSharp.Layers.LayerFunctions;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Engine;

/// <summary>Keras's <c>weights=</c> keyword: the values a layer takes when it is built.</summary>
public sealed class InitialWeightsTests
{
    [Fact]
    public void A_layer_takes_its_initial_weights_when_built_and_does_not_save_them_in_its_config()
    {
        // Dense(2, weights=[[[1, 2], [3, 4]], [10, 20]]) on [1, 1]: [1 + 3 + 10, 2 + 4 + 20] = [14, 26].
        var model = new Sequential();
        model.Add(new Dense(2, input_shape: 2) { InitialWeights = [tensor(new float[] { 1, 2, 3, 4 }, 2, 2), tensor(new float[] { 10, 20 })] });
        using var x = tensor(new float[] { 1, 1 }, 1, 2);
        Tensors.Values(model.Predict(x)).Should().Equal(14, 26);
        model.ToJson().Should().NotContain("\"weights\"").And.NotContain("InitialWeights");

        // Embedding(3, 2, weights=[matrix]): row i of the matrix for index i.
        var embedding = new Embedding(3, 2) { InitialWeights = [tensor(new float[] { 0, 0, 5, 6, 7, 8 }, 3, 2)] };
        Tensors.Values(embedding.Apply(tensor(new long[] { 2, 1 }, 1, 2))).Should().Equal(7, 8, 5, 6);
    }

    [Fact]
    public void Bidirectional_gives_the_first_half_to_the_forward_layer()
    {
        // Keras 2.2.4: forward_layer.initial_weights = weights[:nw // 2], backward the rest.
        var forward = new[] { ones(3, 1), ones(1, 1), zeros(1) };
        var backward = new[] { full(3, 1, 2f), full(1, 1, 2f), zeros(1) };
        var layer = new Bidirectional(new SimpleRNN(1)) { InitialWeights = forward.Concat(backward).ToArray() };
        layer.Apply(Input(shape: new Shape(2, 3)));
        Tensors.Values(layer.ForwardLayer.Weights[0].Value).Should().OnlyContain(v => v == 1);
        Tensors.Values(layer.BackwardLayer.Weights[0].Value).Should().OnlyContain(v => v == 2);
    }

    [Fact]
    public void A_wrong_count_is_named_when_the_layer_is_built()
    {
        var layer = new Dense(2, name: "d") { InitialWeights = [zeros(3, 2)] };
        FluentActions.Invoking(() => layer.Apply(Input(shape: 3))).Should().Throw<ArgumentException>()
            .WithMessage("You called `set_weights(weights)` on layer \"d\" with a weight list of length 1, but the layer was expecting 2 weights.*");
    }
}
