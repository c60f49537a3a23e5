using System;
using FluentAssertions;
using KerasSharp.Layers;
using Xunit;
using static KerasSharp.Layers.LayerFunctions;
using static TorchSharp.torch;
using K = KerasSharp.Backend.KerasBackend;

namespace KerasSharp.Tests.Backend;

/// <summary>
/// Backend functions given arguments that do not fit: an ArgumentException naming the argument and the value, eager
/// (before libtorch, some of whose errors end the process) and when recorded on symbolic tensors.
/// </summary>
public sealed class BackendBadInputTests
{
    [Fact]
    public void Concatenate_of_mismatched_shapes()
    {
        var eager = () => K.Concatenate([zeros(2, 3), zeros(3, 2)], axis: -1);
        eager.Should().Throw<ArgumentException>().Where(e => e.ParamName == "tensors").WithMessage("*except axis=1*[(2, 3), (3, 2)]*");
        var symbolic = () => K.Concatenate([Input(shape: (2, 3)), Input(shape: 3)], axis: 1);
        symbolic.Should().Throw<ArgumentException>().Where(e => e.ParamName == "tensors").WithMessage("*same rank*(None, 2, 3), (None, 3)*");
        var axis = () => K.Concatenate([zeros(2, 3), zeros(2, 3)], axis: 2);
        axis.Should().Throw<ArgumentException>().Where(e => e.ParamName == "axis").WithMessage("*axis=2*rank 2*");
    }

    [Fact]
    public void Dot_of_incompatible_shapes()
    {
        var eager = () => K.Dot(zeros(2, 3), zeros(4, 5));
        eager.Should().Throw<ArgumentException>().Where(e => e.ParamName == "y").WithMessage("*x (shape (2, 3))*y (shape (4, 5))*");
        var symbolic = () => K.Dot(Input(shape: (3, 4)), Input(shape: (5, 2)));
        symbolic.Should().Throw<ArgumentException>().Where(e => e.ParamName == "y").WithMessage("*(None, 3, 4)*(None, 5, 2)*");
        var vector = () => K.Dot(zeros(3), zeros(3, 2));
        vector.Should().Throw<ArgumentException>().Where(e => e.ParamName == "x").WithMessage("*matrices*(3,)*");
        var batch = () => K.BatchDot(zeros(2, 3, 4), zeros(2, 5, 6), axes: (2, 1));
        batch.Should().Throw<ArgumentException>().Where(e => e.ParamName == "axes").WithMessage("*(2, 3, 4)*(2, 5, 6)*axes=(2, 1)*");
    }

    [Fact]
    public void Reshape_to_an_impossible_shape()
    {
        var eager = () => K.Reshape(zeros(2, 3), (4, 2));
        eager.Should().Throw<ArgumentException>().Where(e => e.ParamName == "shape").WithMessage("*(2, 3) (6 values)*shape=(4, 2)*");
        var two = () => K.Reshape(zeros(2, 3), (-1, -1));
        two.Should().Throw<ArgumentException>().Where(e => e.ParamName == "shape").WithMessage("*shape=(-1, -1)*one -1*");
        var symbolic = () => K.Reshape(Input(batch_shape: (2, 3)), (5, -1));
        symbolic.Should().Throw<ArgumentException>().Where(e => e.ParamName == "shape").WithMessage("*shape=(5, -1)*");
    }

    [Fact]
    public void Gather_out_of_range_and_of_float_indices()
    {
        var eager = () => K.Gather(zeros(5, 3), tensor(new[] { 0, 5 }));
        eager.Should().Throw<ArgumentException>().Where(e => e.ParamName == "indices").WithMessage("*holds 5*[0, 5)*(5, 3)*");
        var negative = () => K.Gather(zeros(5, 3), tensor(new long[] { -1 }));
        negative.Should().Throw<ArgumentException>().Where(e => e.ParamName == "indices").WithMessage("*holds -1*");
        var floats = () => K.Gather(zeros(5, 3), tensor(new float[] { 1 }));
        floats.Should().Throw<ArgumentException>().Where(e => e.ParamName == "indices").WithMessage("*integer*float32*");
        var symbolic = () => K.Gather(Input(shape: 3), Input(shape: 2));
        symbolic.Should().Throw<ArgumentException>().Where(e => e.ParamName == "indices").WithMessage("*integer*float32*K.Cast*");
        var labels = () => K.SparseCategoricalCrossentropy(tensor(new float[] { 1, 4 }), full(2, 3, 1.0f / 3));
        labels.Should().Throw<ArgumentException>().Where(e => e.ParamName == "target").WithMessage("*holds 4*[0, 3)*");
        var fraction = () => K.SparseCategoricalCrossentropy(tensor(new float[] { 1, 2.5f }), full(2, 3, 1.0f / 3));
        fraction.Should().Throw<ArgumentException>().Where(e => e.ParamName == "target").WithMessage("*holds 2.5, not a whole class index*");
    }

    [Fact]
    public void Shapes_axes_and_patterns_that_do_not_fit()
    {
        var broadcast = () => K.Maximum(zeros(2, 3), zeros(2, 4));
        broadcast.Should().Throw<ArgumentException>().Where(e => e.ParamName == "y").WithMessage("*(2, 3)*(2, 4)*3 against 4*");
        var add = () => Input(shape: 3) + Input(shape: 4);
        add.Should().Throw<ArgumentException>().Where(e => e.ParamName == "y").WithMessage("K.add*(None, 3)*(None, 4)*");
        var mean = () => K.Mean(zeros(2, 3), axis: (1, 2));
        mean.Should().Throw<ArgumentException>().Where(e => e.ParamName == "axis").WithMessage("K.mean: axis=2*rank 2*");
        var twice = () => K.Sum(Input(shape: 3), axis: (1, -1));
        twice.Should().Throw<ArgumentException>().Where(e => e.ParamName == "axis").WithMessage("*axis=(1, -1)*twice*");
        var pattern = () => K.PermuteDimensions(zeros(2, 3, 4), (0, 1, 1));
        pattern.Should().Throw<ArgumentException>().Where(e => e.ParamName == "pattern").WithMessage("*pattern=(0, 1, 1)*rank 3*");
        var squeeze = () => K.Squeeze(zeros(2, 3), 1);
        squeeze.Should().Throw<ArgumentException>().Where(e => e.ParamName == "axis").WithMessage("*axis=1*(2, 3)*size 3*");
        var tile = () => K.Tile(zeros(2, 3), 2);
        tile.Should().Throw<ArgumentException>().Where(e => e.ParamName == "n").WithMessage("*n=(2,)*(2, 3)*");
        var stack = () => K.Stack([zeros(2, 3), zeros(3, 2)]);
        stack.Should().Throw<ArgumentException>().Where(e => e.ParamName == "x").WithMessage("*same shape*");
        var softmax = () => K.Softmax(zeros(3), axis: 1);
        softmax.Should().Throw<ArgumentException>().Where(e => e.ParamName == "axis").WithMessage("*axis=1*rank 1*");
    }

    [Fact]
    public void Other_arguments_that_do_not_fit()
    {
        var dtype = () => K.Cast(zeros(2), "float31");
        dtype.Should().Throw<ArgumentException>().Where(e => e.ParamName == "dtype").WithMessage("*dtype='float31'*");
        var switched = () => K.Switch(ones(2), zeros(2, 3), zeros(2, 4));
        switched.Should().Throw<ArgumentException>().Where(e => e.ParamName == "else_expression").WithMessage("*(2, 4)*(2, 3)*");
        var condition = () => K.Switch(ones(3), zeros(2, 3), zeros(2, 3));
        condition.Should().Throw<ArgumentException>().Where(e => e.ParamName == "condition").WithMessage("*(3,)*(2, 3)*axis 0*");
        var crossentropy = () => K.CategoricalCrossentropy(zeros(2, 3), zeros(2, 4));
        crossentropy.Should().Throw<ArgumentException>().Where(e => e.ParamName == "target").WithMessage("*target of shape (2, 3)*output, (2, 4)*");
        var channels = () => K.CategoricalCrossentropy(zeros(2, 3), zeros(2, 3), axis: -2);
        channels.Should().Throw<ArgumentException>().Where(e => e.ParamName == "axis").WithMessage("*axis=-2*");
        var setValue = () => K.SetValue(zeros(2, 3), ones(3, 2));
        setValue.Should().Throw<ArgumentException>().Where(e => e.ParamName == "value").WithMessage("*(3, 2)*(2, 3)*");
        var weight = new Dense(2);
        weight.EnsureBuilt(new Shape(null, 3));
        var setWeight = () => K.SetValue(weight.Weights[0], ones(2, 3));
        setWeight.Should().Throw<ArgumentException>().Where(e => e.ParamName == "value").WithMessage("*(2, 3)*(3, 2)*");
        var random = () => K.RandomNormal(Input(shape: 3));
        random.Should().Throw<ArgumentException>().Where(e => e.ParamName == "shape").WithMessage("*K.Shape(x)*");
        var zerosShape = () => K.Zeros(new Shape(null, 3));
        zerosShape.Should().Throw<ArgumentException>().Where(e => e.ParamName == "shape").WithMessage("*shape=(None, 3)*");
        var constant = () => K.Constant(tensor(new float[] { 1, 2, 3 }), shape: 2);
        constant.Should().Throw<ArgumentException>().Where(e => e.ParamName == "value").WithMessage("*3 values*shape=(2,)*");
        var oneHot = () => K.OneHot(tensor(new[] { 1 }), 0);
        oneHot.Should().Throw<ArgumentException>().Where(e => e.ParamName == "num_classes").WithMessage("*num_classes=0*");
    }
}
