using System;
using System.Linq;
using FluentAssertions;
using KerasSharp.Backend;
using KerasSharp.Layers;
using KerasSharp.Tests.Harness;
using Newtonsoft.Json.Linq;
using Xunit;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Layers.Regularization;

/// <summary>
/// The stochastic layers: exactly the identity at inference; in training, the statistics Keras 2.2.4's formulas give
/// (keras/layers/noise.py, keras/layers/core.py SpatialDropout*), within a few standard errors of the sample sizes used.
/// </summary>
public sealed class NoiseLayerTests
{
    public static TheoryData<string> Layers => new() { "SpatialDropout1D", "SpatialDropout2D", "GaussianNoise", "GaussianDropout", "AlphaDropout" };

    private static Layer Make(string name) => name switch
    {
        "SpatialDropout1D" => new SpatialDropout1D(0.3),
        "SpatialDropout2D" => new SpatialDropout2D(0.3),
        "GaussianNoise" => new GaussianNoise(0.5),
        "GaussianDropout" => new GaussianDropout(0.3),
        _ => new AlphaDropout(0.3),
    };

    [Theory]
    [MemberData(nameof(Layers))]
    public void Inference_is_exactly_the_identity(string name)
    {
        KerasBackend.SetSeed(1);
        var x = randn(4, 5, 6, 3);
        var layer = Make(name);
        var input = name == "SpatialDropout1D" ? x.reshape(4, 30, 3) : x;
        Tensors.Values(layer.Apply(input, training: false)).Should().Equal(Tensors.Values(input));
    }

    [Fact]
    public void SpatialDropout2D_drops_whole_feature_maps_and_scales_the_kept_ones()
    {
        KerasBackend.SetSeed(2);
        // 400 samples x 25 channels = 10000 maps, each 3x4 of ones; rate 0.3: each map is all 0 or all 1/0.7.
        var y = new SpatialDropout2D(0.3).Apply(ones(400, 3, 4, 25), training: true);
        var maps = y.permute(0, 3, 1, 2).reshape(10000, 12);
        var first = Tensors.Values(maps[.., 0]);
        Tensors.Values(maps - maps[.., 0..1]).Should().OnlyContain(v => v == 0f, "one draw per map");
        first.Should().OnlyContain(v => v == 0f || Math.Abs(v - 1 / 0.7f) < 1e-6f);
        // Binomial(10000, 0.3): standard error 0.0046.
        (first.Count(v => v == 0f) / 10000.0).Should().BeApproximately(0.3, 0.02);

        var cf = new SpatialDropout2D(0.5, data_format: "channels_first", seed: 4).Apply(ones(50, 8, 3, 3), training: true);
        Tensors.Values(cf - cf[.., .., 0..1, 0..1]).Should().OnlyContain(v => v == 0f, "channels_first: one draw per (sample, channel)");
    }

    [Fact]
    public void SpatialDropout1D_shares_the_mask_over_steps_and_a_seed_repeats_it()
    {
        var x = ones(200, 7, 10);
        var y = new SpatialDropout1D(0.4, seed: 9).Apply(x, training: true);
        Tensors.Values(y - y[.., 0..1, ..]).Should().OnlyContain(v => v == 0f);
        var kept = Tensors.Values(y[.., 0, ..]);
        (kept.Count(v => v == 0f) / 2000.0).Should().BeApproximately(0.4, 0.035, "Binomial(2000, 0.4): standard error 0.011");
        Tensors.Values(new SpatialDropout1D(0.4, seed: 9).Apply(x, training: true)).Should().Equal(Tensors.Values(y));
    }

    [Fact]
    public void GaussianNoise_adds_zero_mean_noise_of_stddev()
    {
        KerasBackend.SetSeed(3);
        var x = full(100000, 2.0f);
        var noise = Tensors.Values(new GaussianNoise(0.5).Apply(x, training: true) - 2.0f);
        // Mean: standard error 0.5/sqrt(1e5) = 0.0016; stddev: about 0.0011.
        noise.Average().Should().BeApproximately(0f, 0.008f);
        Stddev(noise).Should().BeApproximately(0.5, 0.006);
    }

    [Fact]
    public void GaussianDropout_multiplies_by_noise_of_mean_one_and_Keras_stddev()
    {
        KerasBackend.SetSeed(4);
        var x = full(100000, 3.0f);
        var factor = Tensors.Values(new GaussianDropout(0.2).Apply(x, training: true) / 3.0f);
        // stddev = sqrt(rate / (1 - rate)) = sqrt(0.25) = 0.5.
        factor.Average().Should().BeApproximately(1f, 0.008f);
        Stddev(factor).Should().BeApproximately(0.5, 0.006);
    }

    [Fact]
    public void AlphaDropout_uses_Keras_a_and_b_and_keeps_mean_and_variance()
    {
        foreach (var row in (JArray)Golden.Load("layers14/layers14_simple.json")["alpha_dropout"]!)
        {
            var (a, b) = AlphaDropout.Correction((double)row["rate"]!);
            a.Should().BeApproximately((double)row["a"]!, 1e-12);
            b.Should().BeApproximately((double)row["b"]!, 1e-12);
        }

        KerasBackend.SetSeed(5);
        var x = randn(200000);
        var y = new AlphaDropout(0.25).Apply(x, training: true);
        var (ka, kb) = AlphaDropout.Correction(0.25);
        var alphaP = -1.6732632423543772848170429916717 * 1.0507009873554804934193349852946;
        var dropped = Tensors.Values((y - (ka * alphaP + kb)).abs() < 1e-5f);
        var keptDiff = Tensors.Values(where((y - (ka * alphaP + kb)).abs() < 1e-5f, zeros_like(y), y - (x * ka + kb)).abs());
        keptDiff.Should().OnlyContain(v => v < 1e-5f, "a kept unit is a·x + b");
        (dropped.Count(v => v != 0) / 200000.0).Should().BeApproximately(0.25, 0.005);
        // For N(0, 1) inputs the correction keeps mean 0 and variance 1 exactly in expectation.
        var values = Tensors.Values(y);
        values.Average().Should().BeApproximately(0f, 0.01f);
        Stddev(values).Should().BeApproximately(1.0, 0.01);

        var shared = new AlphaDropout(0.5, noise_shape: new Shape(null, 1), seed: 2).Apply(zeros(100, 6), training: true);
        Tensors.Values(shared - shared[.., 0..1]).Should().OnlyContain(v => v == 0f, "noise_shape (None, 1): one draw per sample");
    }

    [Fact]
    public void Rates_are_checked_and_named()
    {
        FluentActions.Invoking(() => new SpatialDropout2D(1.0)).Should().Throw<ArgumentException>().WithMessage("*rate=1*").Which.ParamName.Should().Be("rate");
        FluentActions.Invoking(() => new GaussianDropout(-0.1)).Should().Throw<ArgumentException>().WithMessage("*rate=-0.1*");
        FluentActions.Invoking(() => new AlphaDropout(1.5)).Should().Throw<ArgumentException>().WithMessage("*rate=1.5*");
        FluentActions.Invoking(() => new SpatialDropout2D(0.5, data_format: "nhwc")).Should().Throw<ArgumentException>().WithMessage("*data_format='nhwc'*");
    }

    [Fact]
    public void ActivityRegularization_is_the_identity_and_adds_its_penalty()
    {
        // x = [1, -2, 3]: l1·sum|x| + l2·sum x² = 0.1·6 + 0.01·14 = 0.74.
        var layer = new ActivityRegularization(l1: 0.1, l2: 0.01);
        var x = tensor(new float[] { 1, -2, 3 }, 1, 3);
        Tensors.Values(layer.Apply(x)).Should().Equal(1, -2, 3);
        var losses = layer.TakeActivityLosses();
        losses.Should().ContainSingle();
        losses[0].item<float>().Should().BeApproximately(0.74f, 1e-6f);
    }

    private static double Stddev(float[] v)
    {
        var mean = v.Average(x => (double)x);
        return Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / v.Length);
    }
}
