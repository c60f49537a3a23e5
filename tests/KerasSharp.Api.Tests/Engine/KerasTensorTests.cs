using System;
using FluentAssertions;
using KerasSharp.Layers;
using KerasSharp.Models;
using Xunit;
using static KerasSharp.Layers.LayerFunctions;

namespace KerasSharp.Tests.Engine;

/// <summary>The value a call of several outputs returns: deconstructed, or indexed as Python indexes its list.</summary>
public sealed class KerasTensorTests
{
    [Fact]
    public void A_call_of_several_outputs_indexes_and_deconstructs_as_the_list_Keras_returns()
    {
        var input = Input(shape: 3, name: "x");
        var encoder = new Model(input, [new Dense(2, name: "a").Apply(input), new Dense(5, name: "b").Apply(input)], name: "encoder");
        var outer = Input(shape: 3);
        var outputs = encoder.Apply(outer);

        outputs.IsPacked.Should().BeTrue();
        outputs[1].Shape.Should().Be(new Shape(null, 5));
        outputs[-2].Shape.Should().Be(new Shape(null, 2), "a negative index counts from the end, as in Python");
        var (first, second) = outputs;
        first.Should().BeSameAs(outputs[0]);
        second.Should().BeSameAs(outputs[1]);

        outputs.Invoking(o => o[2]).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("index");
        first.Invoking(t => t[0]).Should().Throw<InvalidOperationException>().WithMessage("*one tensor*index [0]*");
    }
}
