using System;
using System.Collections.Generic;
using System.Linq;
using FluentAssertions;
using KerasSharp.Preprocessing;
using Newtonsoft.Json.Linq;
using Xunit;
using static KerasSharp.Preprocessing.TextFunctions;

namespace KerasSharp.Tests.Preprocessing;

/// <summary>Tokenizer against keras_preprocessing 1.1.0 on Goldens/text/corpus.txt and queries.txt (tokenizer.json).</summary>
public sealed class TokenizerTests
{
    private static readonly JObject File = TextGolden.Load("tokenizer.json");
    private static readonly string[] Modes = { "binary", "count", "tfidf", "freq" };

    public static IEnumerable<object[]> Cases => File["cases"]!.Select(c => new object[] { (string)c["name"]! });

    /// <summary>tfidf goes through numpy's log (see <see cref="TextGolden.ShouldEqual"/>); the other modes are exact.</summary>
    private static int Ulps(string mode) => mode == "tfidf" ? 4 : 0;

    private static JObject Case(string name) => (JObject)File["cases"]!.Single(c => (string)c["name"]! == name);

    private static Tokenizer Make(JObject kwargs) => new(
        num_words: (int?)kwargs["num_words"],
        filters: (string?)kwargs["filters"] ?? DefaultFilters,
        lower: (bool?)kwargs["lower"] ?? true,
        split: (string?)kwargs["split"] ?? " ",
        char_level: (bool?)kwargs["char_level"] ?? false,
        oov_token: (string?)kwargs["oov_token"]);

    private static void StateShouldMatch(Tokenizer tokenizer, JToken state)
    {
        tokenizer.DocumentCount.Should().Be((int)state["document_count"]!);
        tokenizer.WordCounts.Select(p => (p.Key, p.Value)).Should().Equal(state["word_counts"]!.Select(p => ((string)p[0]!, (int)p[1]!)), "word_counts is ordered");
        tokenizer.WordIndex.Select(p => (p.Key, p.Value)).Should().Equal(state["word_index"]!.Select(p => ((string)p[0]!, (int)p[1]!)), "word_index order and ties");
        tokenizer.IndexWord.Select(p => (p.Key, p.Value)).Should().Equal(state["index_word"]!.Select(p => ((int)p[0]!, (string)p[1]!)));
        // Keras fills word_docs from a set, so only the contents are defined
        tokenizer.WordDocs.Should().BeEquivalentTo(((JObject)state["word_docs"]!).Properties().ToDictionary(p => p.Name, p => (int)p.Value));
        tokenizer.IndexDocs.Should().BeEquivalentTo(((JObject)state["index_docs"]!).Properties().ToDictionary(p => int.Parse(p.Name), p => (int)p.Value));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fit_and_every_method_match_keras(string name)
    {
        var c = Case(name);
        var tokenizer = Make((JObject)c["kwargs"]!);
        var queries = TextGolden.Strings(c["queries"]!);

        tokenizer.FitOnTexts(TextGolden.Strings(c["fit_texts"]!));

        StateShouldMatch(tokenizer, c["state"]!);
        tokenizer.TextsToSequences(queries).Should().BeEquivalentTo(TextGolden.IntLists(c["texts_to_sequences"]!), o => o.WithStrictOrdering());
        tokenizer.TextsToSequencesGenerator(queries).Should().BeEquivalentTo(TextGolden.IntLists(c["texts_to_sequences"]!), o => o.WithStrictOrdering());
        tokenizer.TextsToSequences(TextGolden.Strings(c["fit_texts"]!)).Should().BeEquivalentTo(TextGolden.IntLists(c["train_sequences"]!), o => o.WithStrictOrdering());
        var probe = TextGolden.IntLists(c["probe_sequences"]!);
        tokenizer.SequencesToTexts(probe).Should().Equal(TextGolden.Strings(c["sequences_to_texts"]!));
        foreach (var mode in Modes)
        {
            TextGolden.ShouldEqual(tokenizer.TextsToMatrix(queries, mode: mode), c["texts_to_matrix"]![mode]!, $"texts_to_matrix {mode}", Ulps(mode));
            TextGolden.ShouldEqual(tokenizer.SequencesToMatrix(probe, mode: mode), c["sequences_to_matrix"]![mode]!, $"sequences_to_matrix {mode}", Ulps(mode));
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ToJson_is_kerass_text_but_for_the_order_of_word_docs(string name)
    {
        var c = Case(name);
        var tokenizer = Make((JObject)c["kwargs"]!);
        tokenizer.FitOnTexts(TextGolden.Strings(c["fit_texts"]!));
        var expected = (string)c["to_json"]!;

        var json = tokenizer.ToJson();

        if (name == "one_word_documents")
            json.Should().Be(expected, "with one word a document Keras's set order is the first-seen order");
        var actual = JObject.Parse(json);
        var keras = JObject.Parse(expected);
        actual.Properties().Select(p => p.Name).Should().Equal("class_name", "config");
        ((JObject)actual["config"]!).Properties().Select(p => p.Name).Should().Equal(((JObject)keras["config"]!).Properties().Select(p => p.Name));
        foreach (var key in new[] { "num_words", "filters", "lower", "split", "char_level", "oov_token", "document_count", "word_counts", "index_word", "word_index" })
            actual["config"]![key]!.ToString(Newtonsoft.Json.Formatting.None).Should().Be(keras["config"]![key]!.ToString(Newtonsoft.Json.Formatting.None), key);
        foreach (var key in new[] { "word_docs", "index_docs" })
            JToken.DeepEquals(Sorted((string)actual["config"]![key]!), Sorted((string)keras["config"]![key]!)).Should().BeTrue(key);
    }

    private static JObject Sorted(string json) => new(JObject.Parse(json).Properties().OrderBy(p => p.Name, StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Tokenizer_from_kerass_json_gives_the_same_answers_and_writes_the_same_text(string name)
    {
        var c = Case(name);
        var expected = (string)c["to_json"]!;

        var tokenizer = TokenizerFromJson(expected);

        StateShouldMatch(tokenizer, c["state"]!);
        tokenizer.TextsToSequences(TextGolden.Strings(c["queries"]!)).Should().BeEquivalentTo(TextGolden.IntLists(c["texts_to_sequences"]!), o => o.WithStrictOrdering());
        tokenizer.ToJson().Should().Be(expected, "the dictionaries read keep Keras's order");
    }

    [Fact]
    public void Lists_of_tokens_are_lowercased_but_not_filtered()
    {
        var c = File["token_lists"]!;
        var tokenizer = new Tokenizer(num_words: 4);

        tokenizer.FitOnTexts(c["fit_token_lists"]!.Select(TextGolden.Strings).ToList());

        StateShouldMatch(tokenizer, c["state"]!);
        tokenizer.TextsToSequences(new[] { new[] { "cat", "SAT", "dog,", "bird" } }).Should().BeEquivalentTo(TextGolden.IntLists(c["texts_to_sequences"]!), o => o.WithStrictOrdering());
        TextGolden.ShouldEqual(tokenizer.TextsToMatrix(new[] { new[] { "sat", "the", "sat" } }, mode: "count"), c["texts_to_matrix_count"]!);
    }

    [Fact]
    public void Fit_on_sequences_counts_documents_for_tfidf_and_fit_on_texts_then_overwrites_by_index()
    {
        var c = File["fit_on_sequences"]!;
        var tokenizer = new Tokenizer(num_words: 6);

        tokenizer.FitOnSequences(TextGolden.IntLists(c["sequences"]!));

        tokenizer.DocumentCount.Should().Be((int)c["document_count"]!);
        tokenizer.IndexDocs.Should().BeEquivalentTo(((JObject)c["index_docs"]!).Properties().ToDictionary(p => int.Parse(p.Name), p => (int)p.Value));
        foreach (var mode in Modes)
            TextGolden.ShouldEqual(tokenizer.SequencesToMatrix(TextGolden.IntLists(c["probe"]!), mode: mode), c["sequences_to_matrix"]![mode]!, mode, Ulps(mode));

        tokenizer.FitOnTexts(TextGolden.Strings(c["then_fit_on_texts"]!["texts"]!));
        StateShouldMatch(tokenizer, c["then_fit_on_texts"]!["state"]!);
    }

    [Fact]
    public void Tfidf_before_fitting_is_kerass_error()
    {
        var act = () => new Tokenizer(num_words: 10).TextsToMatrix(new[] { "a b" }, mode: "tfidf");
        act.Should().Throw<KerasException>().WithMessage((string)File["errors"]!["tfidf_before_fit"]!);
    }

    [Fact]
    public void A_matrix_without_num_words_or_fitting_is_kerass_error()
    {
        var expected = (string)File["errors"]!["matrix_without_dimension"]!;
        new Action(() => new Tokenizer().SequencesToMatrix(new[] { new[] { 1, 2 } })).Should().Throw<KerasException>().WithMessage(expected);
        new Action(() => new Tokenizer().TextsToMatrix(new[] { "a b" }, mode: "tfidf")).Should().Throw<KerasException>()
            .WithMessage((string)File["errors"]!["texts_to_matrix_without_dimension"]!);
    }

    [Fact]
    public void An_unknown_mode_names_the_argument_and_the_value()
    {
        // Keras: ValueError('Unknown vectorization mode:', 'onehot')
        File["errors"]!["unknown_mode"]!.ToString().Should().Contain("Unknown vectorization mode:").And.Contain("'onehot'");
        var act = () => new Tokenizer(num_words: 3).SequencesToMatrix(new[] { new[] { 1, 2 } }, mode: "onehot");
        act.Should().Throw<ArgumentException>().WithMessage("Unknown vectorization mode: mode='onehot'*").Which.ParamName.Should().Be("mode");
    }

    [Fact]
    public void An_oov_token_before_fitting_is_an_error_not_a_missing_index()
    {
        // Keras appends None to the sequence here.
        var act = () => new Tokenizer(oov_token: "<OOV>").TextsToSequences(new[] { "a" });
        act.Should().Throw<KerasException>().WithMessage("*oov_token '<OOV>'*fit the Tokenizer*");
    }

    [Fact]
    public void Tokenizer_from_json_names_what_is_wrong()
    {
        new Action(() => TokenizerFromJson("{\"class_name\": \"Tokenizer\"}")).Should().Throw<KerasException>().WithMessage("*no \"config\"*");
        new Action(() => TokenizerFromJson("not json")).Should().Throw<KerasException>().WithMessage("*not valid JSON*");
        var json = new Tokenizer().ToJson().Replace("\"num_words\": null", "\"nb_words\": 3");
        new Action(() => TokenizerFromJson(json)).Should().Throw<KerasException>().WithMessage("*Unrecognized keyword arguments: nb_words*");
    }
}
