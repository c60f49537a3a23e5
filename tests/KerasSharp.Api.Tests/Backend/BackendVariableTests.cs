using System.Linq;
using FluentAssertions;
using KerasSharp.Layers;
using KerasSharp.Tests.Harness;
using Xunit;
using static TorchSharp.torch;
using K = KerasSharp.Backend.KerasBackend;

namespace KerasSharp.Tests.Backend;

/// <summary>Tensors made from values, <c>K.get_value</c>/<c>K.set_value</c>, random tensors and shapes, by hand.</summary>
public sealed class BackendVariableTests
{
    [Fact]
    public void A_variable_is_a_copy_that_set_value_overwrites_in_place()
    {
        using var source = tensor(new[] { 1, 2, 3, 4 }, 2, 2);
        var v = K.Variable(source);
        v.dtype.Should().Be(ScalarType.Float32, "floatx by default, as Keras");
        K.Variable(source, dtype: "int64").dtype.Should().Be(ScalarType.Int64);
        K.SetValue(v, tensor(new float[] { 5, 6, 7, 8 }, 2, 2));
        Tensors.Values(K.GetValue(v)).Should().Equal(5f, 6f, 7f, 8f);
        source.data<int>().ToArray().Should().Equal(new[] { 1, 2, 3, 4 }, "the variable holds a copy");
        var doubled = v * 2;
        Tensors.Values(doubled).Should().Equal(10f, 12f, 14f, 16f);
    }

    [Fact]
    public void Get_value_and_set_value_on_a_layer_weight()
    {
        var dense = new Dense(2);
        dense.EnsureBuilt(new Shape(null, 3));
        var kernel = dense.Weights[0];
        K.SetValue(kernel, arange(6, dtype: float32).reshape(3, 2));
        Tensors.Values(K.GetValue(kernel)).Should().Equal(0f, 1f, 2f, 3f, 4f, 5f);
        Tensors.Values(dense.Apply(ones(1, 3))).Should().Equal(new[] { 6f, 9f }, "[1, 1, 1]·kernel, zero bias");
    }

    [Fact]
    public void Constants_zeros_and_ones()
    {
        Tensors.Values(K.Constant(2.5, shape: (2, 2))).Should().Equal(2.5f, 2.5f, 2.5f, 2.5f);
        Tensors.Values(K.Constant(tensor(new float[] { 1, 2 }), shape: 4)).Should().Equal(new[] { 1f, 2f, 2f, 2f }, "TensorFlow 1 pads with the last value");
        K.Constant(tensor(new float[] { 1, 2, 3, 4, 5, 6 }), shape: (2, 3)).shape.Should().Equal(2, 3);
        K.Constant(3, dtype: "int32").dtype.Should().Be(ScalarType.Int32);
        Tensors.Values(K.Zeros((2, 3))).Should().Equal(Enumerable.Repeat(0f, 6));
        Tensors.Values(K.Ones(3, dtype: "float64")).Should().Equal(1f, 1f, 1f);
        K.ZerosLike(tensor(new[] { 1, 2 })).dtype.Should().Be(ScalarType.Int32, "x's dtype unless given");
        Tensors.Values(K.OnesLike(zeros(2, 2), dtype: "float64")).Should().Equal(1f, 1f, 1f, 1f);
    }

    [Fact]
    public void Random_values_have_their_distribution_and_a_seed_repeats_them()
    {
        var normal = K.RandomNormal((200, 100), mean: 3, stddev: 2);
        normal.mean().item<float>().Should().BeApproximately(3f, 0.06f, "the mean of 20000 draws is within 4 standard errors (2/√20000 = 0.014)");
        normal.std().item<float>().Should().BeApproximately(2f, 0.06f);
        var uniform = K.RandomUniform((200, 100), minval: -1, maxval: 3);
        uniform.min().item<float>().Should().BeGreaterThanOrEqualTo(-1f);
        uniform.max().item<float>().Should().BeLessThan(3f);
        uniform.mean().item<float>().Should().BeApproximately(1f, 0.05f, "(−1 + 3) / 2; standard error 4/√12/√20000 = 0.008");
        Tensors.Values(K.RandomNormal(5, seed: 7)).Should().Equal(Tensors.Values(K.RandomNormal(5, seed: 7)));
        Tensors.Values(K.RandomUniform(5, seed: 7)).Should().NotEqual(Tensors.Values(K.RandomUniform(5, seed: 8)));
        K.RandomNormal(2, dtype: "float64").dtype.Should().Be(ScalarType.Float64);
    }

    [Fact]
    public void Shapes_of_real_tensors()
    {
        using var x = zeros(2, 3, 4);
        K.IntShape(x).Should().Be(new Shape(2, 3, 4));
        K.Ndim(x).Should().Be(3);
        K.Shape(x).data<long>().ToArray().Should().Equal(2, 3, 4);
        K.StopGradient(ones(2).requires_grad_(true)).requires_grad.Should().BeFalse();
        Tensors.Values(K.Switch(tensor(new[] { true, false }), ones(2, 2), zeros(2, 2))).Should().Equal(new[] { 1f, 1f, 0f, 0f }, "a vector condition picks rows");
        Tensors.Values(K.Switch(tensor(true), ones(2), zeros(2))).Should().Equal(1f, 1f);
    }
}
