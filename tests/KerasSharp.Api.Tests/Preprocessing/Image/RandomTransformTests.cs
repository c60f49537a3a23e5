using System;
using System.Collections.Generic;
using System.Linq;
using FluentAssertions;
using KerasSharp.Preprocessing.Image;
using KerasSharp.Tests.Harness;
using Newtonsoft.Json.Linq;
using Xunit;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Preprocessing.Image;

/// <summary>
/// Over 10,000 draws, each parameter has Keras's distribution: the same range and a mean within sampling error of
/// keras_preprocessing's own 10,000 draws (Goldens/image/random_transform_stats.json); discrete values with the same
/// support and frequencies.
/// </summary>
public sealed class RandomTransformTests
{
    private static readonly JObject File = (JObject)Golden.Load("image/random_transform_stats.json");

    public static IEnumerable<object[]> Configs => ((JArray)File["configs"]!).Select((c, i) => new object[] { i, c["config"]!.ToString(Newtonsoft.Json.Formatting.None) });

    [Theory]
    [MemberData(nameof(Configs))]
    public void Draws_have_the_Keras_distribution(int index, string config)
    {
        var c = (JObject)File["configs"]![index]!;
        var generator = Build((JObject)c["config"]!);
        var n = (int)File["n"]!;
        var draws = generator.Draw(n, new long[] { 32, 32, 3 }, new TorchSharp.torch.Generator(1234));
        var values = new Dictionary<string, Tensor?>
        {
            ["theta"] = draws.Theta, ["tx"] = draws.Tx, ["ty"] = draws.Ty, ["shear"] = draws.Shear, ["zx"] = draws.Zx,
            ["zy"] = draws.Zy, ["flip_horizontal"] = draws.FlipHorizontal.to(float64),
            ["flip_vertical"] = draws.FlipVertical.to(float64), ["channel_shift_intensity"] = draws.ChannelShift,
            ["brightness"] = draws.Brightness,
        };
        foreach (var (param, stats) in (JObject)c["stats"]!)
        {
            var ours = values[param];
            if (stats!["all_none"] is not null)
            {
                ours.Should().BeNull($"{config}: Keras gives None for {param}");
                continue;
            }
            var v = ours!.data<double>().ToArray();
            var (min, max, mean, std) = ((double)stats["min"]!, (double)stats["max"]!, (double)stats["mean"]!, (double)stats["std"]!);
            var span = Math.Max(max - min, 1e-12);
            v.Min().Should().BeApproximately(min, 0.01 * span + 1e-12, $"{config}: min of {param}");
            v.Max().Should().BeApproximately(max, 0.01 * span + 1e-12, $"{config}: max of {param}");
            v.Average().Should().BeApproximately(mean, 5 * std / Math.Sqrt(n) + 1e-12, $"{config}: mean of {param}");
            if (stats["values"] is JArray support)
            {
                var counts = v.GroupBy(x => x).OrderBy(g => g.Key).ToList();
                counts.Select(g => g.Key).Should().Equal(support.Select(s => (double)s), $"{config}: values of {param}");
                var expected = ((JArray)stats["counts"]!).Select(x => (double)x).ToArray();
                for (int i = 0; i < expected.Length; i++)
                {
                    var p = expected[i] / n;
                    counts[i].Count().Should().BeCloseTo((int)expected[i], (uint)(6 * Math.Sqrt(n * p * (1 - p)) + 1), $"{config}: frequency of {param}={counts[i].Key}");
                }
            }
        }
    }

    private static ImageDataGenerator Build(JObject k)
    {
        ShiftRange? Shift(string key) => k[key] switch
        {
            null => null,
            JArray a => a.Select(x => (double)x).ToArray(),
            JValue { Type: JTokenType.Integer } i => (int)i,
            JValue f => (double)f,
            _ => null,
        };
        ZoomRange? Zoom() => k["zoom_range"] switch
        {
            null => null,
            JArray a => a.Select(x => (double)x).ToArray(),
            JValue z => (double)z,
            _ => null,
        };
        return new ImageDataGenerator(
            rotation_range: (double?)k["rotation_range"] ?? 0, width_shift_range: Shift("width_shift_range"),
            height_shift_range: Shift("height_shift_range"), shear_range: (double?)k["shear_range"] ?? 0,
            zoom_range: Zoom(), channel_shift_range: (double?)k["channel_shift_range"] ?? 0,
            horizontal_flip: (bool?)k["horizontal_flip"] ?? false, vertical_flip: (bool?)k["vertical_flip"] ?? false,
            brightness_range: k["brightness_range"] is JArray b ? ((double)b[0], (double)b[1]) : null);
    }
}
