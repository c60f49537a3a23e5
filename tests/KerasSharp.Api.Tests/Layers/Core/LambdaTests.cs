using System;
using System.Collections.Generic;
using FluentAssertions;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Tests.Harness;
using Xunit;
using static KerasSharp.Layers.LayerFunctions;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Layers.Core;

/// <summary>Lambda layers: values by hand, output shapes inferred from shapes alone, or declared as Keras declares them.</summary>
public sealed class LambdaTests
{
    [Fact]
    public void A_function_of_one_tensor_runs_eagerly_and_in_a_graph()
    {
        using var x = tensor(new float[] { -1, 2, -3, 4 }, 2, 2);
        Tensors.Values(new Lambda(t => t.abs() * 2).Apply(x)).Should().Equal(2f, 4f, 6f, 8f);

        var input = Input(shape: (3, 4));
        var pooled = new Lambda(t => t.mean(new long[] { 1 })).Apply(input);
        pooled.Shape.Should().Be(new Shape(null, 4), "inferred on the meta device, the batch axis unknown");
        var model = new Model(input, pooled);
        using var data = arange(24, dtype: float32).reshape(2, 3, 4);
        Tensors.Values(model.Predict(data)).Should().Equal(4f, 5f, 6f, 7f, 16f, 17f, 18f, 19f);
    }

    [Fact]
    public void A_function_of_a_list_and_one_with_arguments()
    {
        var (a, b) = (Input(shape: 3), Input(shape: 3));
        var difference = new Lambda((Tensor[] xs) => (xs[0] - xs[1]).abs()).Apply([a, b]);
        difference.Shape.Should().Be(new Shape(null, 3));
        var scaled = new Lambda((t, arguments) => t * Convert.ToDouble(arguments["factor"]),
                                arguments: new Dictionary<string, object?> { ["factor"] = 3.0 }).Apply(difference);
        var model = new Model([a, b], scaled);
        var outputs = model.CallAll(new[] { tensor(new float[] { 1, 2, 3 }, 1, 3), tensor(new float[] { 3, 2, 0 }, 1, 3) }, false);
        Tensors.Values(outputs[0]).Should().Equal(6f, 0f, 9f);
    }

    [Fact]
    public void A_declared_output_shape_leaves_out_the_batch_axis_as_in_Keras()
    {
        var input = Input(shape: 8);
        var lambda = new Lambda(t => t.reshape(-1, 2, 4), output_shape: (2, 4));
        lambda.Apply(input).Shape.Should().Be(new Shape(null, 2, 4));
        lambda.OutputShapeArgument.Should().Be(new Shape(2, 4));
    }

    [Fact]
    public void An_identity_function_still_returns_a_tensor_of_its_own()
    {
        using var x = ones(2, 2);
        var y = new Lambda(t => t).Apply(x);
        ReferenceEquals(x, y).Should().BeFalse();
        Tensors.Values(y).Should().Equal(1f, 1f, 1f, 1f);
    }

    [Fact]
    public void An_anonymous_function_is_saved_under_the_layer_name()
    {
        new Lambda(t => t * 2, name: "double_it").Function.Name.Should().Be("double_it");
        new Lambda(Negate).Function.Name.Should().Be("Negate");
    }

    private static Tensor Negate(Tensor x) => -x;
}
