using System;
using FluentAssertions;
using Xunit;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Engine;

/// <summary>numpy's array lines in their own words: values from numpy's documented casting rules.</summary>
public sealed class NumpyStyleTests
{
    [Fact]
    public void Astype_float32_converts_a_copy_as_numpy_does()
    {
        using var x = tensor(new byte[] { 0, 1, 127, 255 }, new long[] { 2, 2 });
        using var y = x.astype("float32");
        y.dtype.Should().Be(ScalarType.Float32);
        y.data<float>().ToArray().Should().Equal(0f, 1f, 127f, 255f);
        y.shape.Should().Equal(2, 2);
        using var z = y.astype("float32");
        z.Handle.Should().NotBe(y.Handle, "astype copies by default (numpy's copy=True)");
    }

    [Theory]
    [InlineData("float64", ScalarType.Float64)]
    [InlineData("float", ScalarType.Float64)]
    [InlineData("int32", ScalarType.Int32)]
    [InlineData("int", ScalarType.Int64)]
    [InlineData("uint8", ScalarType.Byte)]
    [InlineData("bool", ScalarType.Bool)]
    [InlineData("f4", ScalarType.Float32)]
    public void Astype_knows_numpy_type_names(string name, ScalarType expected)
    {
        using var x = tensor(new float[] { 2.7f, -1f });
        using var y = x.astype(name);
        y.dtype.Should().Be(expected);
    }

    [Fact]
    public void Astype_to_an_integer_truncates_toward_zero_as_numpy()
    {
        using var x = tensor(new float[] { 2.7f, -2.7f, 0.5f });
        using var y = x.astype("int32");
        y.data<int>().ToArray().Should().Equal(2, -2, 0);
    }

    [Fact]
    public void Astype_with_a_torch_type_works_as_np_float32() =>
        tensor(new int[] { 3 }).astype(float32).data<float>().ToArray().Should().Equal(3f);

    [Fact]
    public void An_unknown_dtype_names_the_argument_and_the_value()
    {
        var act = () => tensor(new int[] { 3 }).astype("float33");
        act.Should().Throw<ArgumentException>().Where(e => e.ParamName == "dtype").WithMessage("data type 'float33' not understood*");
    }

    [Fact]
    public void Shape_prints_as_Python_prints_the_tuple()
    {
        $"x_train shape: {zeros(5, 32, 32, 3).Shape}".Should().Be("x_train shape: (5, 32, 32, 3)");
        zeros(10).Shape.ToString().Should().Be("(10,)");
        zeros(0, 4).Shape.ToString().Should().Be("(0, 4)");
    }
}
