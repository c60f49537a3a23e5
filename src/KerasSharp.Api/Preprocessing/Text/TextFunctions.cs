using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using KerasSharp.Utils;
using Newtonsoft.Json.Linq;

namespace KerasSharp.Preprocessing;

/// <summary>
/// The functions of <c>keras.preprocessing.text</c>: <c>from keras.preprocessing.text import one_hot</c> →
/// <c>using static KerasSharp.Preprocessing.TextFunctions;</c> and <c>OneHot(...)</c>.
/// </summary>
public static class TextFunctions
{
    /// <summary>Keras's default <c>filters</c>: punctuation, tab and newline, but not the apostrophe.</summary>
    public const string DefaultFilters = "!\"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n";

    /// <summary>
    /// <c>text_to_word_sequence</c>: lowercases, replaces every character of <paramref name="filters"/> with
    /// <paramref name="split"/>, splits on <paramref name="split"/> and drops the empty pieces (Python's
    /// <c>str.translate</c> and <c>str.split(sep)</c>).
    /// </summary>
    public static List<string> TextToWordSequence(string text, string filters = DefaultFilters, bool lower = true, string split = " ")
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(filters);
        ArgumentNullException.ThrowIfNull(split);
        if (split.Length == 0) throw new ArgumentException("empty separator: `split` must not be ''.", nameof(split));
        if (lower) text = Lower(text);
        var filtered = filters.EnumerateRunes().ToHashSet();
        var translated = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            if (filtered.Contains(rune)) translated.Append(split);
            else translated.Append(rune.ToString());
        }
        return translated.ToString().Split(split).Where(w => w.Length > 0).ToList();
    }

    /// <summary>
    /// <c>one_hot</c>: <see cref="HashingTrick(string, int, string?, string, bool, string)"/> with Python's
    /// <c>hash</c>, as it is with <c>PYTHONHASHSEED=0</c> (docs/differences.md). Indices are in [1, n).
    /// </summary>
    public static List<int> OneHot(string text, int n, string filters = DefaultFilters, bool lower = true, string split = " ") =>
        HashingTrick(text, n, (string?)null, filters, lower, split);

    /// <summary>
    /// <c>hashing_trick</c>: each word to <c>hash(w) % (n - 1) + 1</c>. <paramref name="hash_function"/> is null for
    /// Python's <c>hash</c> (as with <c>PYTHONHASHSEED=0</c>: Python salts it per process) or "md5" for
    /// <c>int(md5(w).hexdigest(), 16)</c>, stable everywhere.
    /// </summary>
    public static List<int> HashingTrick(string text, int n, string? hash_function = null, string filters = DefaultFilters,
        bool lower = true, string split = " ")
    {
        if (hash_function is not (null or "md5"))
            throw new ArgumentException($"Unknown hash_function: hash_function='{hash_function}'. Expected None (Python's hash), 'md5' or a function.", nameof(hash_function));
        CheckDimension(n);
        var words = TextToWordSequence(text, filters, lower, split);
        return hash_function is null
            ? words.Select(w => (int)Mod(PythonHash.Hash(w), n - 1) + 1).ToList()
            : words.Select(w => (int)(PythonHash.Md5(w) % (n - 1)) + 1).ToList();
    }

    /// <summary><c>hashing_trick</c> with a hash function of your own; the modulo is Python's (never negative).</summary>
    public static List<int> HashingTrick(string text, int n, Func<string, long> hash_function, string filters = DefaultFilters,
        bool lower = true, string split = " ")
    {
        ArgumentNullException.ThrowIfNull(hash_function);
        CheckDimension(n);
        return TextToWordSequence(text, filters, lower, split).Select(w => (int)Mod(hash_function(w), n - 1) + 1).ToList();
    }

    /// <summary>
    /// <c>tokenizer_from_json</c>: a Tokenizer from <c>tokenizer.to_json()</c>'s text, Keras's or
    /// <see cref="Tokenizer.ToJson"/>'s.
    /// </summary>
    public static Tokenizer TokenizerFromJson(string json_string)
    {
        ArgumentNullException.ThrowIfNull(json_string);
        const string what = "tokenizer_from_json: json_string";
        var config = (PythonJson.Loads(json_string, what) as JObject)?["config"] as JObject
            ?? throw new KerasException($"{what} has no \"config\" object.");
        JToken Nested(string key) => config[key] is { Type: JTokenType.String } text
            ? PythonJson.Loads((string)text!, $"{what}: config[\"{key}\"]")
            : throw new KerasException($"{what}: config[\"{key}\"] is missing or not a string of JSON.");
        var known = new[] { "num_words", "filters", "lower", "split", "char_level", "oov_token", "document_count",
            "word_counts", "word_docs", "index_docs", "index_word", "word_index" };
        var unknown = config.Properties().Select(p => p.Name).Where(k => !known.Contains(k)).ToList();
        if (unknown.Count > 0)
            throw new KerasException($"{what}: Unrecognized keyword arguments: {string.Join(", ", unknown)}");

        var tokenizer = new Tokenizer(
            num_words: (int?)config["num_words"],
            filters: (string?)config["filters"] ?? DefaultFilters,
            lower: (bool?)config["lower"] ?? true,
            split: (string?)config["split"] ?? " ",
            char_level: (bool?)config["char_level"] ?? false,
            oov_token: (string?)config["oov_token"],
            document_count: (int?)config["document_count"] ?? 0);
        tokenizer.WordCounts = Counts(Nested("word_counts"), k => k);
        tokenizer.WordDocs = Counts(Nested("word_docs"), k => k);
        tokenizer.IndexDocs = Counts(Nested("index_docs"), IntKey);
        tokenizer.IndexWord = new OrderedDictionary<int, string>(((JObject)Nested("index_word")).Properties()
            .Select(p => KeyValuePair.Create(IntKey(p.Name), (string)p.Value!)));
        tokenizer.WordIndex = Counts(Nested("word_index"), k => k);
        return tokenizer;

        static OrderedDictionary<TKey, int> Counts<TKey>(JToken token, Func<string, TKey> key) where TKey : notnull =>
            new(((JObject)token).Properties().Select(p => KeyValuePair.Create(key(p.Name), (int)p.Value)));

        static int IntKey(string key) => int.TryParse(key, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var k)
            ? k : throw new KerasException($"{what}: the key '{key}' is not an integer index.");
    }

    /// <summary>
    /// Python's <c>str.lower()</c>: the invariant mapping plus Unicode's two special cases that .NET leaves out,
    /// İ (U+0130) → i̇ and Σ → ς at the end of a word (Final_Sigma: a cased letter before it, none after it, skipping
    /// case-ignorable characters).
    /// </summary>
    internal static string Lower(string text)
    {
        if (!text.Contains('\u0130') && !text.Contains('\u03A3')) return text.ToLowerInvariant();
        var lower = new StringBuilder(text.Length + 1);
        for (int i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\u0130') lower.Append("i\u0307");
            else if (c == '\u03A3') lower.Append(FinalSigma(text, i) ? '\u03C2' : '\u03C3');
            else if (char.IsHighSurrogate(c) && i + 1 < text.Length) lower.Append(text.Substring(i++, 2).ToLowerInvariant());
            else lower.Append(char.ToLowerInvariant(c));
        }
        return lower.ToString();
    }

    private static bool FinalSigma(string text, int at)
    {
        int j = at - 1;
        while (j >= 0 && CaseIgnorable(text[j])) j--;
        if (j < 0 || !Cased(text[j])) return false;
        j = at + 1;
        while (j < text.Length && CaseIgnorable(text[j])) j++;
        return j == text.Length || !Cased(text[j]);
    }

    private static bool Cased(char c) => char.GetUnicodeCategory(c) is
        System.Globalization.UnicodeCategory.UppercaseLetter or System.Globalization.UnicodeCategory.LowercaseLetter
        or System.Globalization.UnicodeCategory.TitlecaseLetter;

    private static bool CaseIgnorable(char c) =>
        c is '\'' or '.' or ':' or '\u00B7' or '\u2018' or '\u2019' or '\u2024' or '\u2027' or '\uFE13' or '\uFE52' or '\uFE55' or '\uFF07' or '\uFF0E' or '\uFF1A'
        || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark
            or System.Globalization.UnicodeCategory.EnclosingMark or System.Globalization.UnicodeCategory.Format
            or System.Globalization.UnicodeCategory.ModifierLetter or System.Globalization.UnicodeCategory.ModifierSymbol;

    private static void CheckDimension(int n)
    {
        if (n < 2) throw new ArgumentException($"`n` must be >= 2: indices are hash % (n - 1) + 1. Received: n={n}", nameof(n));
    }

    /// <summary>Python's modulo, which takes the divisor's sign.</summary>
    private static long Mod(long value, long divisor) => ((value % divisor) + divisor) % divisor;
}
