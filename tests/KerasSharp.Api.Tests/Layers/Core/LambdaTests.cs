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
    public void An_output_shape_function_gets_the_input_shapes_and_gives_the_whole_output_shape_as_in_Keras()
    {
        // Keras 2.2.4's Lambda.compute_output_shape: shape = self._output_shape(input_shape), a list of shapes for a
        // list of inputs, the result taken as it is (batch axis included).
        var (a, b) = (Input(shape: 3), Input(shape: 3));
        IReadOnlyList<Shape>? seen = null;
        var distance = new Lambda((Tensor[] v) => (v[0] - v[1]).square().sum(1, keepdim: true).sqrt(),
                                  output_shape: shapes => { seen = shapes; return new Shape(shapes[0][0], 1); });
        distance.Apply([a, b]).Shape.Should().Be(new Shape(null, 1));
        seen.Should().Equal(new Shape(null, 3), new Shape(null, 3));
        distance.OutputShapeArgument.Should().BeNull();
        distance.OutputShapeFunction.Should().NotBeNull();

        // Eager: |(0, 3, 4) - (0, 0, 0)| = 5.
        using var x = tensor(new float[] { 0, 3, 4 }, 1, 3);
        using var zero = zeros(1, 3);
        Tensors.Values(distance.Apply(new[] { x, zero })).Should().Equal(5f);

        // One input: the function gets its shape alone.
        var input = Input(shape: 8);
        new Lambda(t => t.reshape(-1, 2, 4), output_shape: (Shape s) => new Shape(s[0], 2, 4)).Apply(input).Shape.Should().Be(new Shape(null, 2, 4));
    }

    [Fact]
    public void An_output_shape_function_is_code_and_is_not_saved_the_loaded_layer_infers_the_shape()
    {
        var (a, b) = (Input(shape: 3), Input(shape: 3));
        var distance = new Lambda(Distance, output_shape: shapes => new Shape(shapes[0][0], 1)).Apply([a, b]);
        var model = new Model([a, b], distance);
        var config = KerasSharp.Saving.KerasConfig.LayerConfig(distance.Layer, null);
        config["output_shape"]!.Type.Should().Be(Newtonsoft.Json.Linq.JTokenType.Null);
        config["output_shape_type"]!.ToString().Should().Be("raw");
        config["function"]!.ToString().Should().Be("Distance");

        var loaded = KerasSharp.Saving.SavingApi.ModelFromJson(model.ToJson(),
            new Dictionary<string, object> { ["Distance"] = (Func<Tensor[], Tensor>)Distance });
        loaded.Outputs[0].Shape.Should().Be(new Shape(null, 1), "inferred from the function, as Keras with TensorFlow does for output_shape=None");
    }

    private static Tensor Distance(Tensor[] v) => (v[0] - v[1]).square().sum(1, keepdim: true).sqrt();

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
