using System;
using System.Collections.Generic;
using System.Linq;
using FluentAssertions;
using KerasSharp.Preprocessing;
using Newtonsoft.Json.Linq;
using Xunit;
using static KerasSharp.Preprocessing.SequenceFunctions;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Preprocessing;

/// <summary>make_sampling_table, skipgrams and Python's random module against keras_preprocessing 1.1.0 / CPython 3.11 (sequence.json).</summary>
public sealed class SequenceFunctionsTests
{
    private static readonly JObject File = TextGolden.Load("sequence.json");

    [Fact]
    public void Make_sampling_table_is_kerass()
    {
        foreach (var c in File["make_sampling_table"]!)
        {
            var table = MakeSamplingTable((int)c["size"]!, sampling_factor: (double)c["sampling_factor"]!);
            table.dtype.Should().Be(ScalarType.Float64);
            // numpy's log, 1 ulp off libm's at most (see TextGolden.ShouldEqual)
            TextGolden.Values(table).Should().Equal(c["table"]!.Select(v => (double)v), (a, e) => TextGolden.Close(a, e, 4), c.ToString(Newtonsoft.Json.Formatting.None)[..40]);
        }
        new Action(() => MakeSamplingTable(0)).Should().Throw<ArgumentException>().WithMessage("*size=0*");
    }

    public static IEnumerable<object[]> SkipgramCases => File["skipgrams"]!["cases"]!.Select(c => new object[] { (string)c["name"]! });

    [Theory]
    [MemberData(nameof(SkipgramCases))]
    public void Skipgrams_are_kerass_couple_for_couple(string name)
    {
        var c = File["skipgrams"]!["cases"]!.Single(k => (string)k["name"]! == name);
        var kwargs = (JObject)c["kwargs"]!;
        if (c["random_seed"]!.Type != JTokenType.Null) PythonRandom.Global.Seed((int)c["random_seed"]!);
        var categorical = (bool?)kwargs["categorical"] ?? false;

        var (couples, labels) = Skipgrams(c["sequence"]!.Select(v => (int)v).ToList(), (int)c["vocabulary_size"]!,
            window_size: (int?)kwargs["window_size"] ?? 4, negative_samples: (double?)kwargs["negative_samples"] ?? 1.0,
            shuffle: (bool?)kwargs["shuffle"] ?? true, categorical: categorical,
            sampling_table: c["sampling_table"] is JArray t ? tensor(t.Select(v => (double)v).ToArray()) : null,
            seed: (int?)kwargs["seed"]);

        var expectedCouples = c["couples"]!.Select(p => p.Select(v => (long)v).ToArray()).ToList();
        couples.shape.Should().Equal(expectedCouples.Count, 2);
        couples.dtype.Should().Be(ScalarType.Int64);
        TextGolden.Longs(couples).Should().Equal(expectedCouples.SelectMany(p => p));
        var expectedLabels = categorical ? c["labels"]!.SelectMany(l => l.Select(v => (long)v)).ToList() : c["labels"]!.Select(v => (long)v).ToList();
        labels.shape.Should().Equal(categorical ? new long[] { expectedCouples.Count, 2 } : new long[] { expectedCouples.Count });
        TextGolden.Longs(labels).Should().Equal(expectedLabels);
    }

    [Fact]
    public void Skipgrams_with_a_drawn_seed_reseed_pythons_global_random_as_keras_does()
    {
        PythonRandom.Global.Seed(9);
        Skipgrams(new[] { 3, 0, 7, 7, 1, 0, 2, 9, 4 }, 10, window_size: 2, shuffle: true, categorical: true);
        Enumerable.Range(0, 3).Select(_ => PythonRandom.Global.Random()).Should().Equal(File["skipgrams"]!["random_after_shuffle_no_seed"]!.Select(v => (double)v));
    }

    [Fact]
    public void Python_random_draws_are_cpythons()
    {
        var draws = File["skipgrams"]!["draws"]!;
        var random = new PythonRandom(12345);
        Enumerable.Range(0, 5).Select(_ => random.Random()).Should().Equal(draws["random"]!.Select(v => (double)v));
        Enumerable.Range(0, 10).Select(_ => random.RandInt(1, 9)).Should().Equal(draws["randint_1_9"]!.Select(v => (long)v));
        Enumerable.Range(0, 3).Select(_ => random.RandInt(1, 1L << 40)).Should().Equal(draws["randint_big"]!.Select(v => (long)v));
        var list = Enumerable.Range(0, 10).ToList();
        random.Shuffle(list);
        list.Should().Equal(draws["shuffle_range_10"]!.Select(v => (int)v));
        new PythonRandom(System.Numerics.BigInteger.Pow(2, 70) + 5).Random().Should().Be((double)draws["big_seed_random"]![0]!);
        var negative = new PythonRandom(-3);
        new[] { negative.Random(), negative.Random() }.Should().Equal(draws["negative_seed_random"]!.Select(v => (double)v));
    }

    [Fact]
    public void A_word_outside_the_sampling_table_is_an_error_naming_it()
    {
        var act = () => Skipgrams(new[] { 1, 12 }, 20, sampling_table: MakeSamplingTable(10));
        act.Should().Throw<ArgumentException>().WithMessage("*12*size 10*").Which.ParamName.Should().Be("sampling_table");
    }
}
