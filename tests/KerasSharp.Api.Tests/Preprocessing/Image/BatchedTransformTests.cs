using System;
using System.Linq;
using FluentAssertions;
using KerasSharp.Preprocessing.Image;
using KerasSharp.Tests.Harness;
using Xunit;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Preprocessing.Image;

public sealed class BatchedTransformTests
{
    [Theory]
    [InlineData("nearest")]
    [InlineData("constant")]
    [InlineData("reflect")]
    [InlineData("wrap")]
    public void Batched_transform_matches_the_per_pixel_reference_on_random_parameters(string mode)
    {
        const int n = 16, h = 12, w = 10, c = 3;
        var generator = new ImageDataGenerator(rotation_range: 180, width_shift_range: 0.4, height_shift_range: 0.4,
                                               shear_range: 30, zoom_range: (0.6, 1.6), horizontal_flip: true,
                                               vertical_flip: true, fill_mode: mode, cval: 77);
        var x = rand(new long[] { n, h, w, c }, generator: new TorchSharp.torch.Generator(5)) * 255;
        var draws = generator.Draw(n, new long[] { h, w, c }, new TorchSharp.torch.Generator(9));

        var batched = Tensors.Values(AffineTransformer.Apply(x, draws, mode, 77));

        var worst = 0.0;
        for (int i = 0; i < n; i++)
        {
            var p = draws.Single(i);
            var image = Tensors.Values(x[i]).Select(v => (double)v).ToArray();
            var expected = ReferenceAffine.Apply(image, h, w, c, p.theta, p.tx, p.ty, p.shear, p.zx, p.zy,
                                                 p.flip_horizontal, p.flip_vertical, mode, 77);
            for (int j = 0; j < expected.Length; j++) worst = Math.Max(worst, Math.Abs(batched[i * h * w * c + j] - expected[j]));
        }
        worst.Should().BeLessThan(2e-3, $"fill_mode {mode}, 0..255 scale");
    }
}
