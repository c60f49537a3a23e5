using System;
using System.Linq;
using FluentAssertions;
using Newtonsoft.Json.Linq;
using Xunit;
using static KerasSharp.Preprocessing.TextFunctions;

namespace KerasSharp.Tests.Preprocessing;

/// <summary>text_to_word_sequence, one_hot and hashing_trick against keras_preprocessing 1.1.0 (text.json).</summary>
public sealed class TextFunctionsTests
{
    private static readonly JObject File = TextGolden.Load("text.json");
    private static readonly string[] Inputs = TextGolden.Strings(File["inputs"]!).ToArray();

    private static void EachInput<T>(JToken expected, Func<string, System.Collections.Generic.List<T>> actual)
    {
        for (int i = 0; i < Inputs.Length; i++)
            actual(Inputs[i]).Should().Equal(expected[i]!.ToObject<T[]>(), $"input {i}: {Inputs[i]}");
    }

    [Fact]
    public void Text_to_word_sequence_translates_and_splits_as_python()
    {
        var words = File["text_to_word_sequence"]!;
        EachInput(words["default"]!, t => TextToWordSequence(t));
        EachInput(words["no_lower"]!, t => TextToWordSequence(t, lower: false));
        EachInput(words["filters_split"]!, t => TextToWordSequence(t, filters: "aeiou", split: "t"));
        EachInput(words["multi_char_split"]!, t => TextToWordSequence(t, filters: ",", split: ", "));
    }

    [Fact]
    public void An_empty_separator_is_pythons_error()
    {
        ((string)File["errors"]!["empty_separator"]!).Should().Be("empty separator");
        var act = () => TextToWordSequence("a b", split: "");
        act.Should().Throw<ArgumentException>().WithMessage("empty separator*").Which.ParamName.Should().Be("split");
    }

    [Fact]
    public void Hashing_trick_md5_is_kerass()
    {
        foreach (var (n, expected) in ((JObject)File["md5"]!).Properties().Select(p => (int.Parse(p.Name), p.Value)))
            EachInput(expected, t => HashingTrick(t, n, hash_function: "md5"));
        EachInput(File["md5_options"]!, t => HashingTrick(t, 50, hash_function: "md5", filters: "", lower: false, split: "a"));
    }

    [Fact]
    public void Pythons_hash_is_the_one_of_PYTHONHASHSEED_0()
    {
        foreach (var p in ((JObject)File["hashes"]!).Properties())
            KerasSharp.Preprocessing.PythonHash.Hash(p.Name).Should().Be((long)p.Value, p.Name);
        foreach (var (n, expected) in ((JObject)File["python_hash"]!).Properties().Select(p => (int.Parse(p.Name), p.Value)))
            EachInput(expected, t => HashingTrick(t, n));
        foreach (var (n, expected) in ((JObject)File["one_hot"]!).Properties().Select(p => (int.Parse(p.Name), p.Value)))
            EachInput(expected, t => OneHot(t, n));
    }

    [Fact]
    public void A_hash_function_of_your_own_goes_through_pythons_modulo()
    {
        // hash("a") = -7 → -7 % 4 = 1 in Python → index 2; hash("bb") = 10 → 10 % 4 = 2 → 3
        HashingTrick("a bb", 5, hash_function: w => w == "a" ? -7 : 10).Should().Equal(2, 3);
    }

    [Fact]
    public void Bad_hash_arguments_name_themselves()
    {
        new Action(() => HashingTrick("a", 1)).Should().Throw<ArgumentException>().WithMessage("*n=1*").Which.ParamName.Should().Be("n");
        new Action(() => HashingTrick("a", 5, hash_function: "sha1")).Should().Throw<ArgumentException>().WithMessage("*hash_function='sha1'*");
    }
}
