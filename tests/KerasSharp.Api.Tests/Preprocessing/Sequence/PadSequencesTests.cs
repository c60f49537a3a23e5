using System;
using System.Collections.Generic;
using System.Linq;
using FluentAssertions;
using Newtonsoft.Json.Linq;
using Xunit;
using static KerasSharp.Preprocessing.SequenceFunctions;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Preprocessing;

/// <summary>pad_sequences against keras_preprocessing 1.1.0 (sequence.json).</summary>
public sealed class PadSequencesTests
{
    private static readonly JObject File = (JObject)TextGolden.Load("sequence.json")["pad_sequences"]!;

    public static IEnumerable<object[]> Cases => Enumerable.Range(0, File["cases"]!.Count()).Select(i => new object[] { i });

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_padding_truncating_value_and_maxlen_is_kerass(int index)
    {
        var c = File["cases"]![index]!;
        var label = c.ToString(Newtonsoft.Json.Formatting.None).Split("\"sequences\"")[0];

        var x = PadSequences(TextGolden.IntLists(c["sequences"]!), maxlen: (int?)c["maxlen"], dtype: (string)c["dtype"]!,
            padding: (string)c["padding"]!, truncating: (string)c["truncating"]!, value: (double)c["value"]!);

        TextGolden.ShouldEqual(x, c["output"]!, label);
    }

    [Fact]
    public void Defaults_empty_sequences_floats_and_inner_shapes_are_kerass()
    {
        TextGolden.ShouldEqual(PadSequences(TextGolden.IntLists(File["default_sequences"]!)), File["default"]!);
        TextGolden.ShouldEqual(PadSequences(new[] { Array.Empty<int>(), Array.Empty<int>() }), File["all_empty"]!);
        TextGolden.ShouldEqual(PadSequences(new[] { Array.Empty<int>(), Array.Empty<int>() }, maxlen: 2, value: 3), File["all_empty_maxlen"]!);
        TextGolden.ShouldEqual(PadSequences(new[] { tensor(new[] { 0.5, 1.5 }), tensor(new[] { 2.25 }) }, dtype: "float32", padding: "post"), File["floats"]!);
        TextGolden.ShouldEqual(PadSequences(new[] { tensor(new[] { 0.5, 1.7 }), tensor(new[] { -2.25 }) }), File["floats_int"]!);
        var inner = new[] { tensor(new long[] { 1, 2, 3, 4 }).reshape(2, 2), zeros(0, 2, dtype: ScalarType.Int64), tensor(new long[] { 5, 6 }).reshape(1, 2) };
        TextGolden.ShouldEqual(PadSequences(inner, maxlen: 3, value: -1), File["inner_output"]!);
    }

    [Fact]
    public void A_list_of_int_lists_and_collection_literals_are_accepted()
    {
        // (2, 3) int32, pre-padded: [[0, 1, 2], [3, 4, 5]]
        var x = PadSequences([[1, 2], [3, 4, 5]]);
        x.dtype.Should().Be(ScalarType.Int32);
        x.data<int>().ToArray().Should().Equal(0, 1, 2, 3, 4, 5);
        PadSequences(new List<List<int>> { new() { 7 } }, maxlen: 2).data<int>().ToArray().Should().Equal(0, 7);
    }

    [Fact]
    public void Bad_padding_and_truncating_are_kerass_errors_naming_the_argument()
    {
        var errors = File["errors"]!;
        var seqs = TextGolden.IntLists(File["default_sequences"]!);
        new Action(() => PadSequences(seqs, padding: "middle")).Should().Throw<ArgumentException>()
            .WithMessage((string)errors["padding"]! + "*").Which.ParamName.Should().Be("padding");
        new Action(() => PadSequences(seqs, truncating: "middle")).Should().Throw<ArgumentException>()
            .WithMessage((string)errors["truncating"]! + "*").Which.ParamName.Should().Be("truncating");
        // KerasSharp checks them at once, also when every sequence is empty (Keras only reaches them on a non-empty one)
        new Action(() => PadSequences(new[] { Array.Empty<int>() }, padding: "middle")).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Sequences_of_different_inner_shapes_are_kerass_error()
    {
        var errors = File["errors"]!;
        var a = new[] { tensor(new long[] { 1, 2, 3, 4 }).reshape(2, 2), tensor(new long[] { 1, 2, 3 }).reshape(1, 3) };
        new Action(() => PadSequences(a)).Should().Throw<ArgumentException>().WithMessage((string)errors["inner_shape"]! + "*");
        var b = new[] { tensor(new long[] { 1, 2 }), tensor(new long[] { 1, 2 }).reshape(1, 2) };
        new Action(() => PadSequences(b)).Should().Throw<ArgumentException>().WithMessage((string)errors["inner_shape_vs_scalar"]! + "*");
    }

    [Fact]
    public void No_sequences_without_maxlen_and_an_unknown_dtype_are_errors()
    {
        new Action(() => PadSequences(Array.Empty<int[]>())).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("maxlen");
        PadSequences(Array.Empty<int[]>(), maxlen: 3).shape.Should().Equal(0, 3);
        new Action(() => PadSequences([[1]], dtype: "int33")).Should().Throw<ArgumentException>().WithMessage("*'int33'*");
    }
}
