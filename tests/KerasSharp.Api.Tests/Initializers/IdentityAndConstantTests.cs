using System;
using FluentAssertions;
using KerasSharp.Initializers;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Saving;
using KerasSharp.Tests.Harness;
using Newtonsoft.Json.Linq;
using Xunit;

namespace KerasSharp.Tests.Initializers;

/// <summary>Identity(gain) as keras@2.2.4:keras/initializers.py defines it, and Constant with an array value.</summary>
public sealed class IdentityAndConstantTests
{
    [Fact]
    public void Identity_is_gain_times_I_stacked_along_the_long_side()
    {
        Tensors.Values(new Identity(2.0).Generate(2, 2)).Should().Equal(2, 0, 0, 2);
        // (4, 2): two 2x2 identities one above the other; (2, 4): side by side.
        Tensors.Values(new Identity().Generate(4, 2)).Should().Equal(1, 0, 0, 1, 1, 0, 0, 1);
        Tensors.Values(new Identity().Generate(2, 4)).Should().Equal(1, 0, 1, 0, 0, 1, 0, 1);
        Initializer.Get("identity").Should().BeOfType<Identity>();
        FluentActions.Invoking(() => new Identity().Generate(3, 3, 2)).Should().Throw<ArgumentException>().WithMessage("*2D matrices*shape=(3, 3, 2)*");
        FluentActions.Invoking(() => new Identity().Generate(3, 2)).Should().Throw<ArgumentException>().WithMessage("*multiple of the short side*shape=(3, 2)*");
    }

    [Fact]
    public void Constant_takes_an_array_and_writes_it_as_nested_lists()
    {
        var constant = new Constant(new double[,] { { 1, 2 }, { 3, 4 } });
        Tensors.Values(constant.Generate(2, 2)).Should().Equal(1, 2, 3, 4);
        Tensors.Values(constant.Generate(4)).Should().Equal(new float[] { 1, 2, 3, 4 }, "row-major, any shape of the same size");
        Tensors.Values(new Constant(new[] { 1.0, 2.0 }).Generate(2, 2)).Should().Equal(new float[] { 1, 2, 2, 2 }, "TensorFlow 1 pads with the last value");
        FluentActions.Invoking(() => constant.Generate(3)).Should().Throw<ArgumentException>().WithMessage("*holds 4 values, more than the 3 of a weight of shape (3)*");
        FluentActions.Invoking(() => new Constant(new object[] { 1.0, "a" })).Should().Throw<ArgumentException>().WithMessage("*element a of type String*");

        var dense = new Dense(2, kernel_initializer: constant, input_shape: 2);
        var model = new Sequential();
        model.Add(dense);
        var json = model.ToJson();
        KerasConfig.ToPythonJson(JObject.Parse(json)["config"]!["layers"]![0]!["config"]!["kernel_initializer"]!)
            .Should().Be("{\"class_name\": \"Constant\", \"config\": {\"value\": [[1.0, 2.0], [3.0, 4.0]]}}");
        using var loaded = SavingApi.ModelFromJson(json);
        Tensors.Values(loaded.Layers[0].GetWeights()[0]).Should().Equal(1, 2, 3, 4);
        Tensors.Values(new Constant(0.5).Generate(2)).Should().Equal(0.5f, 0.5f);
    }
}
