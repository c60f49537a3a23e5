using System.Linq;
using FluentAssertions;
using KerasSharp.Layers;
using KerasSharp.Tests.Harness;
using Xunit;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Layers;

public sealed class DropoutTests
{
    [Fact]
    public void Training_drops_about_rate_and_scales_the_rest_by_one_over_keep()
    {
        var x = ones(200, 50);
        var y = Tensors.Values(new Dropout(0.25).Apply(x, training: true));
        y.Should().OnlyContain(v => v == 0f || System.Math.Abs(v - 1 / 0.75f) < 1e-6);
        (y.Count(v => v == 0f) / (double)y.Length).Should().BeApproximately(0.25, 0.02);
    }

    [Fact]
    public void Noise_shape_shares_one_mask_along_its_unit_axes()
    {
        var x = ones(8, 5, 4);
        // (batch, 1, features): every timestep of a sample keeps the same features, as in Keras's docs.
        var y = new Dropout(0.5, noise_shape: new Shape(null, 1, 4), seed: 3).Apply(x, training: true);
        for (int t = 1; t < 5; t++) Tensors.Values(y[.., t, ..]).Should().Equal(Tensors.Values(y[.., 0, ..]));
        Tensors.Values(y).Should().Contain(0f).And.Contain(2f);
    }

    [Fact]
    public void A_seed_repeats_the_masks()
    {
        var x = ones(6, 6);
        Tensors.Values(new Dropout(0.5, seed: 11).Apply(x, training: true))
            .Should().Equal(Tensors.Values(new Dropout(0.5, seed: 11).Apply(x, training: true)));
    }
}
