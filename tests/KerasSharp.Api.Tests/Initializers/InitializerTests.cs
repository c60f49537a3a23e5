using System;
using System.Linq;
using FluentAssertions;
using KerasSharp.Backend;
using KerasSharp.Initializers;
using KerasSharp.Layers;
using KerasSharp.Tests.Harness;
using Xunit;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Initializers;

/// <summary>Statistics of each initializer against the Keras 2.3.1 formulas (keras/initializers.py), computed by hand.</summary>
public sealed class InitializerTests
{
    // A conv kernel (3, 3, 16, 32): fan_in = 9·16 = 144, fan_out = 9·32 = 288.
    private static readonly long[] Kernel = { 3, 3, 16, 32 };
    private const double FanIn = 144, FanOut = 288;

    [Theory]
    [InlineData("glorot_uniform", 2.0 / (FanIn + FanOut))]
    [InlineData("he_uniform", 2.0 / FanIn)]
    [InlineData("lecun_uniform", 1.0 / FanIn)]
    public void Uniform_variance_scaling_has_the_Keras_limit(string name, double variance)
    {
        KerasBackend.SetSeed(11);
        var w = Tensors.Values(Initializer.Get(name).Generate(Kernel));
        var limit = Math.Sqrt(3 * variance);
        w.Max().Should().BeLessThanOrEqualTo((float)limit).And.BeGreaterThan((float)(0.98 * limit));
        w.Min().Should().BeGreaterThanOrEqualTo((float)-limit).And.BeLessThan((float)(-0.98 * limit));
        Variance(w).Should().BeApproximately(variance, 0.05 * variance);
    }

    [Theory]
    [InlineData("glorot_normal", 2.0 / (FanIn + FanOut))]
    [InlineData("he_normal", 2.0 / FanIn)]
    [InlineData("lecun_normal", 1.0 / FanIn)]
    public void Normal_variance_scaling_is_truncated_with_Keras_variance(string name, double variance)
    {
        KerasBackend.SetSeed(12);
        var w = Tensors.Values(Initializer.Get(name).Generate(Kernel));
        // Keras 2.2+: stddev = sqrt(scale/n) / 0.8796..., cut at 2 stddev, so the variance is scale/n.
        var stddev = Math.Sqrt(variance) / 0.87962566103423978;
        w.Max().Should().BeLessThanOrEqualTo((float)(2 * stddev));
        w.Min().Should().BeGreaterThanOrEqualTo((float)(-2 * stddev));
        Variance(w).Should().BeApproximately(variance, 0.05 * variance);
    }

    [Fact]
    public void Constants_and_plain_distributions()
    {
        Tensors.Values(new Zeros().Generate(3, 2)).Should().OnlyContain(v => v == 0);
        Tensors.Values(new Ones().Generate(3, 2)).Should().OnlyContain(v => v == 1);
        Tensors.Values(new Constant(0.25).Generate(4)).Should().OnlyContain(v => v == 0.25f);
        var u = Tensors.Values(new RandomUniform(seed: 1).Generate(20000));
        u.Min().Should().BeGreaterThanOrEqualTo(-0.05f);
        u.Max().Should().BeLessThanOrEqualTo(0.05f);
        var n = Tensors.Values(new RandomNormal(mean: 1.0, stddev: 0.5, seed: 1).Generate(20000));
        n.Average().Should().BeApproximately(1.0f, 0.02f);
        Math.Sqrt(Variance(n)).Should().BeApproximately(0.5, 0.02);
        var t = Tensors.Values(new TruncatedNormal(stddev: 0.05, seed: 1).Generate(20000));
        t.Should().OnlyContain(v => Math.Abs(v) <= 0.1f + 1e-6f);
    }

    [Fact]
    public void Orthogonal_gives_orthonormal_columns_times_gain()
    {
        var w = new Orthogonal(gain: 2.0, seed: 3).Generate(3, 3, 4, 5).reshape(36, 5);
        var gram = w.t().matmul(w);
        Tensors.Values(gram - eye(5) * 4).Should().OnlyContain(v => Math.Abs(v) < 1e-4);
    }

    [Fact]
    public void A_seed_makes_draws_repeatable_and_moves_on_like_Keras()
    {
        var a = new GlorotUniform(seed: 5);
        var b = new GlorotUniform(seed: 5);
        Tensors.Values(a.Generate(4, 4)).Should().Equal(Tensors.Values(b.Generate(4, 4)));
        Tensors.Values(a.Generate(4, 4)).Should().NotEqual(Tensors.Values(new GlorotUniform(seed: 5).Generate(4, 4)), "Keras adds 1 to the seed after each draw");
    }

    [Fact]
    public void Layers_default_to_glorot_uniform_kernels_and_zero_biases()
    {
        var dense = new Dense(4);
        dense.KernelInitializer.Should().BeOfType<GlorotUniform>();
        dense.BiasInitializer.Should().BeOfType<Zeros>();
        var conv = new Conv2D(4, 3);
        conv.KernelInitializer.Should().BeOfType<GlorotUniform>();
        conv.BiasInitializer.Should().BeOfType<Zeros>();
    }

    [Fact]
    public void Unknown_name_is_named()
    {
        FluentActions.Invoking(() => Initializer.Get("glorot")).Should().Throw<ArgumentException>().WithMessage("Unknown initializer: 'glorot'*");
    }

    private static double Variance(float[] v)
    {
        var mean = v.Average(x => (double)x);
        return v.Average(x => (x - mean) * (x - mean));
    }
}
