using System;
using System.Collections.Generic;
using System.Linq;
using FluentAssertions;
using KerasSharp.Backend;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Preprocessing;
using Newtonsoft.Json.Linq;
using Xunit;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Preprocessing;

/// <summary>TimeseriesGenerator against keras_preprocessing 1.1.0 (sequence.json), and as a Sequence for Fit.</summary>
public sealed class TimeseriesGeneratorTests
{
    private static readonly JObject File = (JObject)TextGolden.Load("sequence.json")["timeseries"]!;

    public static IEnumerable<object[]> Cases => File["cases"]!.Select(c => new object[] { (string)c["name"]! });

    private static JToken Case(string name) => File["cases"]!.Single(c => (string)c["name"]! == name);

    private static TimeseriesGenerator Make(JToken c, Tensor? data = null, Tensor? targets = null, bool shuffle = false)
    {
        var k = (JObject)c["kwargs"]!;
        return new TimeseriesGenerator(data ?? TextGolden.Tensor(c["data"]!), targets ?? TextGolden.Tensor(c["targets"]!), (int)k["length"]!,
            sampling_rate: (int?)k["sampling_rate"] ?? 1, stride: (int?)k["stride"] ?? 1, start_index: (int?)k["start_index"] ?? 0,
            end_index: (int?)k["end_index"], shuffle: shuffle, reverse: (bool?)k["reverse"] ?? false, batch_size: (int?)k["batch_size"] ?? 128);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_batch_is_kerass(string name)
    {
        var c = Case(name);

        var generator = Make(c);

        generator.Count.Should().Be((int)c["len"]!);
        for (int i = 0; i < generator.Count; i++)
        {
            var (x, y, weights) = generator.GetItem(i);
            TextGolden.ShouldEqual(x, c["batches"]![i]!["x"]!, $"batch {i} x");
            TextGolden.ShouldEqual(y!, c["batches"]![i]!["y"]!, $"batch {i} y");
            weights.Should().BeNull();
        }
        generator.Select(b => b.x.shape[0]).Should().Equal(c["batches"]!.Select(b => (long)b["x"]!["shape"]![0]!), "enumerating goes over the batches once");
    }

    [Fact]
    public void Shuffled_rows_are_drawn_between_start_and_end_with_their_own_targets()
    {
        // targets[row] = 10 * row and data[row] = (row, 100 + row), so each sample names its row.
        var c = Case("everything");
        KerasBackend.SetSeed(3);
        var generator = Make(c, shuffle: true);
        for (int i = 0; i < generator.Count; i++)
        {
            var (x, y, _) = generator.GetItem(i);
            x.shape.Should().Equal(3, 3, 2);
            foreach (var (sample, row) in Enumerable.Range(0, 3).Select(j => (x[j], y![j][0].item<long>() / 10)))
            {
                row.Should().BeInRange(8, 27, "start_index + length = 2 + 6 to end_index = 27");
                // reverse, sampling_rate 2: rows row-2, row-4, row-6
                sample[.., 0].data<long>().ToArray().Should().Equal(row - 2, row - 4, row - 6);
            }
        }
    }

    [Fact]
    public void Fit_and_evaluate_take_it_as_a_sequence()
    {
        var c = Case("stride_3");
        var generator = Make(c, TextGolden.Tensor(c["data"]!).to_type(ScalarType.Float32) / 30, TextGolden.Tensor(c["targets"]!).to_type(ScalarType.Float32) / 300);
        KerasBackend.SetSeed(1);
        var model = new Sequential();
        model.Add(new Flatten(input_shape: (4, 2)));
        model.Add(new Dense(1));
        model.Compile("sgd", "mse");

        var history = model.FitGenerator(generator, epochs: 2, verbose: 0, shuffle: false);

        history.Values["loss"].Should().HaveCount(2);
        var x = cat(c["batches"]!.Select(b => TextGolden.Tensor(b["x"]!)).ToArray()).to_type(ScalarType.Float32) / 30;
        var y = cat(c["batches"]!.Select(b => TextGolden.Tensor(b["y"]!)).ToArray()).to_type(ScalarType.Float32) / 300;
        model.EvaluateGenerator(generator)[0].Should().BeApproximately(model.Evaluate(x, y, batch_size: 3, verbose: 0)[0], 1e-6,
            "the generator's batches are Keras's");
    }

    [Fact]
    public void Bad_arguments_are_kerass_errors()
    {
        var flat = arange(20, dtype: ScalarType.Int64) * 3;
        var errors = File["errors"]!;
        new Action(() => new TimeseriesGenerator(flat, flat, length: 20)).Should().Throw<ArgumentException>().WithMessage((string)errors["length_too_large"]! + "*");
        new Action(() => new TimeseriesGenerator(flat, flat, length: 5, start_index: 10, end_index: 12)).Should().Throw<ArgumentException>().WithMessage((string)errors["start_end"]! + "*");
        new Action(() => new TimeseriesGenerator(flat, flat[..5], length: 2)).Should().Throw<ArgumentException>().WithMessage((string)errors["lengths_differ"]! + "*");
        new Action(() => new TimeseriesGenerator(flat, flat, length: 2, end_index: 20)).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("end_index");
        new Action(() => new TimeseriesGenerator(flat, flat, length: 2, sampling_rate: 0)).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("sampling_rate");
        new Action(() => new TimeseriesGenerator(flat, flat, length: 2).GetItem(1)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("index");
    }
}
