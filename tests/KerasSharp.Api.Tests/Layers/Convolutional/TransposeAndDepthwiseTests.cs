using System;
using FluentAssertions;
using KerasSharp.Layers;
using Xunit;
using static KerasSharp.Layers.LayerFunctions;

namespace KerasSharp.Tests.Layers.Convolutional;

/// <summary>Weight layouts, output shapes and the argument checks of Conv2DTranspose, DepthwiseConv2D and the separable convolutions.</summary>
public sealed class TransposeAndDepthwiseTests
{
    [Fact]
    public void Weights_have_Keras_names_and_layouts()
    {
        var transpose = new Conv2DTranspose(5, (3, 2));
        transpose.Apply(Input(shape: new Shape(4, 4, 3)));
        transpose.Kernel.Shape.Should().Equal(new long[] { 3, 2, 5, 3 }, "(kh, kw, filters, in)");

        var depthwise = new DepthwiseConv2D(3, depth_multiplier: 2);
        depthwise.Apply(Input(shape: new Shape(6, 6, 4))).Shape.Should().Be(new Shape(null, 4, 4, 8));
        depthwise.Weights.Should().SatisfyRespectively(
            w => { w.Name.Should().Be("depthwise_kernel"); w.Shape.Should().Equal(3, 3, 4, 2); },
            w => { w.Name.Should().Be("bias"); w.Shape.Should().Equal(8); });

        var separable = new SeparableConv2D(7, 3, depth_multiplier: 2, data_format: "channels_first");
        separable.Apply(Input(shape: new Shape(4, 6, 6))).Shape.Should().Be(new Shape(null, 7, 4, 4));
        separable.Weights.Should().SatisfyRespectively(
            w => { w.Name.Should().Be("depthwise_kernel"); w.Shape.Should().Equal(3, 3, 4, 2); },
            w => { w.Name.Should().Be("pointwise_kernel"); w.Shape.Should().Equal(1, 1, 8, 7); },
            w => { w.Name.Should().Be("bias"); w.Shape.Should().Equal(7); });

        var separable1d = new SeparableConv1D(7, 3);
        separable1d.Apply(Input(shape: new Shape(10, 4)));
        separable1d.PointwiseKernel.Shape.Should().Equal(1, 8 / 2, 7);
    }

    [Fact]
    public void Transposed_output_sizes_follow_deconv_length()
    {
        // 'valid', stride 2, kernel 3, no output_padding: 4·2 + max(3 − 2, 0) = 9; 'same': 4·2 = 8;
        // output_padding 1 with 'same': (4 − 1)·2 + 3 − 2·1 + 1 = 8; unknown sizes stay unknown.
        new Conv2DTranspose(2, 3, strides: 2).Apply(Input(shape: new Shape(4, 4, 1))).Shape.Should().Be(new Shape(null, 9, 9, 2));
        new Conv2DTranspose(2, 3, strides: 2, padding: "same").Apply(Input(shape: new Shape(4, null, 1))).Shape.Should().Be(new Shape(null, 8, null, 2));
        new Conv2DTranspose(2, 3, strides: 2, padding: "same", output_padding: 1).Apply(Input(shape: new Shape(4, 4, 1))).Shape.Should().Be(new Shape(null, 8, 8, 2));
    }

    [Fact]
    public void Bad_arguments_name_the_argument_and_value()
    {
        FluentActions.Invoking(() => new Conv2DTranspose(2, 3, strides: 2, output_padding: 2)).Should().Throw<ArgumentException>()
            .WithMessage("Stride (2, 2) must be greater than output padding (2, 2)*").Which.ParamName.Should().Be("output_padding");
        FluentActions.Invoking(() => new Conv2DTranspose(2, 3, dilation_rate: (1, 2))).Should().Throw<ArgumentException>()
            .WithMessage("*dilation_rate=(1, 2)*");
        FluentActions.Invoking(() => new Conv2DTranspose(2, 3, padding: "causal")).Should().Throw<ArgumentException>()
            .WithMessage("*padding='causal'*");
        // kernel 2, stride 2, 'same', output_padding 0: (4 − 1)·2 + 2 − 2 + 0 = 6, whose 'same' conv has size 3, not 4.
        FluentActions.Invoking(() => new Conv2DTranspose(2, 2, strides: 2, padding: "same", output_padding: 0, name: "up").Apply(Input(shape: new Shape(4, 4, 1))))
            .Should().Throw<KerasException>().WithMessage("Layer up: *output_padding=(0, 0) give an output of size 6 on spatial axis 0*input's size 4*");
        FluentActions.Invoking(() => new DepthwiseConv2D(3, depth_multiplier: 0)).Should().Throw<ArgumentException>().WithMessage("*depth_multiplier=0*");
        FluentActions.Invoking(() => new SeparableConv2D(4, 3, strides: 2, dilation_rate: 2)).Should().Throw<ArgumentException>()
            .WithMessage("*strides=(2, 2) and dilation_rate=(2, 2)*");
        FluentActions.Invoking(() => new DepthwiseConv2D(5, name: "dw").Apply(Input(shape: new Shape(3, 3, 2)))).Should().Throw<KerasException>()
            .WithMessage("Layer dw: kernel_size=(5, 5)*");
    }
}
