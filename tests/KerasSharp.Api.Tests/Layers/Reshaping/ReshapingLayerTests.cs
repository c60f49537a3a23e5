using System;
using FluentAssertions;
using KerasSharp.Layers;
using Xunit;
using static KerasSharp.Layers.LayerFunctions;

namespace KerasSharp.Tests.Layers.Reshaping;

/// <summary>Shapes on symbolic inputs and the argument checks of Permute, Cropping1D/2D, ZeroPadding1D, UpSampling1D/2D.</summary>
public sealed class ReshapingLayerTests
{
    [Fact]
    public void Output_shapes_keep_unknown_sizes_unknown()
    {
        new Permute((2, 1)).Apply(Input(shape: new Shape(null, 5))).Shape.Should().Be(new Shape(null, 5, null));
        new Cropping1D((1, 2)).Apply(Input(shape: new Shape(10, 3))).Shape.Should().Be(new Shape(null, 7, 3));
        new Cropping2D(((1, 2), (3, 0))).Apply(Input(shape: new Shape(null, 8, 3))).Shape.Should().Be(new Shape(null, null, 5, 3));
        new ZeroPadding1D(2).Apply(Input(shape: new Shape(null, 3))).Shape.Should().Be(new Shape(null, null, 3));
        new UpSampling1D(3).Apply(Input(shape: new Shape(4, 2))).Shape.Should().Be(new Shape(null, 12, 2));
        new UpSampling2D((2, 3), data_format: "channels_first").Apply(Input(shape: new Shape(2, 4, 5))).Shape.Should().Be(new Shape(null, 2, 8, 15));
    }

    [Fact]
    public void Bad_arguments_name_the_argument_and_value()
    {
        FluentActions.Invoking(() => new Permute((1, 3))).Should().Throw<ArgumentException>()
            .WithMessage("Invalid permutation `dims` for Permute Layer: (1, 3). *").Which.ParamName.Should().Be("dims");
        FluentActions.Invoking(() => new Cropping1D((-1, 0))).Should().Throw<ArgumentException>().WithMessage("*cropping=(-1, 0)*");
        FluentActions.Invoking(() => new Cropping2D(((0, 0), (-2, 1)))).Should().Throw<ArgumentException>().WithMessage("*cropping=((0, 0), (-2, 1))*");
        FluentActions.Invoking(() => new ZeroPadding1D((1, -1))).Should().Throw<ArgumentException>().WithMessage("*padding=(1, -1)*");
        FluentActions.Invoking(() => new UpSampling1D(0)).Should().Throw<ArgumentException>().WithMessage("*size=0*");
        FluentActions.Invoking(() => new UpSampling2D(interpolation: "bicubic")).Should().Throw<ArgumentException>()
            .WithMessage("The `interpolation` argument must be one of {'nearest', 'bilinear'}. Received: interpolation='bicubic'*");
        FluentActions.Invoking(() => new Cropping1D((3, 3), name: "crop").Apply(Input(shape: new Shape(6, 2)))).Should().Throw<KerasException>()
            .WithMessage("Layer crop: cropping=(3, 3) is too high for the input of shape (None, 6, 2): 0 steps would be left.");
        FluentActions.Invoking(() => new Permute((2, 1), name: "p").Apply(Input(shape: new Shape(2, 3, 4)))).Should().Throw<KerasException>()
            .WithMessage("Input 0 is incompatible with layer p: expected ndim=3, found ndim=4*");
    }
}
