using System;
using FluentAssertions;
using KerasSharp.Layers;
using Xunit;
using static KerasSharp.Layers.LayerFunctions;

namespace KerasSharp.Tests.Layers.Convolutional;

/// <summary>Conv3D and the 3D pooling layers: weight layout, output shapes and argument checks.</summary>
public sealed class Conv3DTests
{
    [Fact]
    public void Kernel_layout_and_output_shapes()
    {
        var conv = new Conv3D(4, (3, 2, 1), strides: (2, 1, 1), padding: "same");
        // 'same' with stride 2 on 5: ceil(5/2) = 3.
        conv.Apply(Input(shape: new Shape(5, 6, 7, 2))).Shape.Should().Be(new Shape(null, 3, 6, 7, 4));
        conv.Kernel.Shape.Should().Equal(3, 2, 1, 2, 4);
        // 'valid' pooling (2, 2, 2) on (5, 6, 7): 2, 3, 3; channels_first keeps axis 1.
        new MaxPooling3D().Apply(Input(shape: new Shape(5, 6, 7, 2))).Shape.Should().Be(new Shape(null, 2, 3, 3, 2));
        new AveragePooling3D((1, 2, 3), data_format: "channels_first").Apply(Input(shape: new Shape(2, 5, 6, 7))).Shape.Should().Be(new Shape(null, 2, 5, 3, 2));
    }

    [Fact]
    public void Bad_arguments_name_the_argument_and_value()
    {
        FluentActions.Invoking(() => new Conv3D(2, new[] { 3, 3 })).Should().Throw<ArgumentException>().WithMessage("*tuple of 3 ints, got 2 values*");
        FluentActions.Invoking(() => new Conv3D(2, (3, 0, 3))).Should().Throw<ArgumentException>().WithMessage("*kernel_size=(3, 0, 3)*").Which.ParamName.Should().Be("kernel_size");
        FluentActions.Invoking(() => new MaxPooling3D(strides: (1, -1, 1))).Should().Throw<ArgumentException>().WithMessage("*strides=(1, -1, 1)*");
        FluentActions.Invoking(() => new AveragePooling3D(padding: "full")).Should().Throw<ArgumentException>().WithMessage("*padding='full'*");
        FluentActions.Invoking(() => new Conv3D(2, 3, name: "c3").Apply(Input(shape: new Shape(4, 4, 2)))).Should().Throw<KerasException>()
            .WithMessage("Input 0 is incompatible with layer c3: expected ndim=5, found ndim=4*");
        FluentActions.Invoking(() => new MaxPooling3D(3, name: "p3").Apply(Input(shape: new Shape(2, 4, 4, 1)))).Should().Throw<KerasException>()
            .WithMessage("Layer p3: pool_size=(3, 3, 3)*");
    }
}
