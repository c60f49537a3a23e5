using System;
using System.Collections.Generic;
using System.Linq;
using KerasSharp.Utils;
using Newtonsoft.Json.Linq;
using static TorchSharp.torch;

namespace KerasSharp.Preprocessing;

/// <summary>
/// <c>keras.preprocessing.text.Tokenizer</c>: learns a vocabulary from texts (<see cref="FitOnTexts(IEnumerable{string})"/>)
/// and turns texts into sequences of word indices or into (texts, num_words) matrices. Index 0 is never a word; the
/// most frequent word is 1 (after the oov token, when there is one), ties in first-seen order, as Keras sorts them.
/// Only indices below <see cref="NumWords"/> are used when it is set. Texts may also be lists of tokens.
/// </summary>
public sealed class Tokenizer
{
    private static readonly string[] Modes = { "binary", "count", "tfidf", "freq" };

    public Tokenizer(int? num_words = null, string filters = TextFunctions.DefaultFilters, bool lower = true, string split = " ",
        bool char_level = false, string? oov_token = null, int document_count = 0)
    {
        ArgumentNullException.ThrowIfNull(filters);
        ArgumentNullException.ThrowIfNull(split);
        NumWords = num_words;
        Filters = filters;
        Lower = lower;
        Split = split;
        CharLevel = char_level;
        OovToken = oov_token;
        DocumentCount = document_count;
    }

    public int? NumWords { get; set; }
    public string Filters { get; set; }
    public bool Lower { get; set; }
    public string Split { get; set; }
    public bool CharLevel { get; set; }
    public string? OovToken { get; set; }
    public int DocumentCount { get; set; }

    /// <summary>How often each word occurs, in first-seen order (Keras's OrderedDict).</summary>
    public OrderedDictionary<string, int> WordCounts { get; set; } = new();

    /// <summary>In how many documents each word occurs.</summary>
    public OrderedDictionary<string, int> WordDocs { get; set; } = new();

    /// <summary>Word → index, in index order.</summary>
    public OrderedDictionary<string, int> WordIndex { get; set; } = new();

    public OrderedDictionary<int, string> IndexWord { get; set; } = new();

    /// <summary>In how many documents each index occurs (what tfidf reads).</summary>
    public OrderedDictionary<int, int> IndexDocs { get; set; } = new();

    /// <summary><c>fit_on_texts</c>: counts the words of each text and renumbers the vocabulary by frequency.</summary>
    public void FitOnTexts(IEnumerable<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        Fit(texts.Select(Tokens));
    }

    /// <summary><c>fit_on_texts</c> on texts given as lists of tokens (lowercased when <see cref="Lower"/>; not filtered).</summary>
    public void FitOnTexts(IEnumerable<IEnumerable<string>> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        Fit(texts.Select(Tokens));
    }

    /// <summary><c>fit_on_sequences</c>: counts documents per index, enough for <see cref="SequencesToMatrix"/>.</summary>
    public void FitOnSequences(IEnumerable<IReadOnlyList<int>> sequences)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        var list = sequences.ToList();
        DocumentCount += list.Count;
        foreach (var i in list.SelectMany(seq => seq.Distinct()))
            IndexDocs[i] = IndexDocs.GetValueOrDefault(i) + 1;
    }

    /// <summary><c>texts_to_sequences</c>: each text's known words as indices; unknown words become the oov index or vanish.</summary>
    public List<List<int>> TextsToSequences(IEnumerable<string> texts) => TextsToSequencesGenerator(texts).ToList();

    public List<List<int>> TextsToSequences(IEnumerable<IEnumerable<string>> texts) => TextsToSequencesGenerator(texts).ToList();

    /// <summary><c>texts_to_sequences_generator</c>: <see cref="TextsToSequences(IEnumerable{string})"/> one text at a time.</summary>
    public IEnumerable<List<int>> TextsToSequencesGenerator(IEnumerable<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return texts.Select(t => ToSequence(Tokens(t)));
    }

    public IEnumerable<List<int>> TextsToSequencesGenerator(IEnumerable<IEnumerable<string>> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return texts.Select(t => ToSequence(Tokens(t)));
    }

    /// <summary><c>sequences_to_texts</c>: indices back to words joined by spaces (unknown ones as the oov token, or dropped).</summary>
    public List<string> SequencesToTexts(IEnumerable<IReadOnlyList<int>> sequences) => SequencesToTextsGenerator(sequences).ToList();

    public IEnumerable<string> SequencesToTextsGenerator(IEnumerable<IReadOnlyList<int>> sequences)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        return sequences.Select(seq =>
        {
            var words = new List<string>();
            foreach (var num in seq)
            {
                if (IndexWord.TryGetValue(num, out var word) && !(NumWords is > 0 && num >= NumWords))
                    words.Add(word);
                else if (OovToken is not null)
                    words.Add(IndexWord.TryGetValue(OovIndex(), out var oov) ? oov
                        : throw new KerasException($"The oov_token '{OovToken}' has index {OovIndex()}, which index_word does not have."));
            }
            return string.Join(" ", words);
        });
    }

    /// <summary><c>texts_to_matrix</c>: <see cref="SequencesToMatrix"/> of the texts' sequences.</summary>
    public Tensor TextsToMatrix(IEnumerable<string> texts, string mode = "binary") => SequencesToMatrix(TextsToSequences(texts), mode);

    public Tensor TextsToMatrix(IEnumerable<IEnumerable<string>> texts, string mode = "binary") => SequencesToMatrix(TextsToSequences(texts), mode);

    /// <summary>
    /// <c>sequences_to_matrix</c>: a (len(sequences), num_words) float64 tensor, as Keras's numpy matrix (Fit casts
    /// it to float32). Row i holds, at each index j below num_words that sequence i has: 1 ('binary'), its count
    /// ('count'), count / len(sequence) ('freq'), or (1 + ln count) · ln(1 + documents / (1 + documents with j))
    /// ('tfidf'). num_words is <see cref="NumWords"/>, or len(word_index) + 1 without it.
    /// </summary>
    public Tensor SequencesToMatrix(IEnumerable<IReadOnlyList<int>> sequences, string mode = "binary")
    {
        ArgumentNullException.ThrowIfNull(sequences);
        int numWords;
        if (NumWords is > 0) numWords = NumWords.Value;
        else if (WordIndex.Count > 0) numWords = WordIndex.Count + 1;
        else throw new KerasException("Specify a dimension (`num_words` argument), or fit on some text data first.");
        if (mode == "tfidf" && DocumentCount == 0)
            throw new KerasException("Fit the Tokenizer on some data before using tfidf mode.");
        if (!Modes.Contains(mode))
            throw new ArgumentException($"Unknown vectorization mode: mode={ArgumentValidation.Repr(mode)}. Expected one of 'binary', 'count', 'tfidf', 'freq'.", nameof(mode));

        var list = sequences.ToList();
        var x = new double[list.Count * (long)numWords];
        for (int i = 0; i < list.Count; i++)
        {
            var seq = list[i];
            var counts = new OrderedDictionary<int, int>();
            foreach (var j in seq)
            {
                if (j < 0) throw new ArgumentException($"Sequence {i} has the negative word index {j}.", nameof(sequences));
                if (j < numWords) counts[j] = counts.GetValueOrDefault(j) + 1;
            }
            foreach (var (j, c) in counts)
                x[i * (long)numWords + j] = mode switch
                {
                    "count" => c,
                    "freq" => (double)c / seq.Count,
                    "binary" => 1,
                    _ => (1 + Math.Log(c)) * Math.Log(1 + (double)DocumentCount / (1 + IndexDocs.GetValueOrDefault(j))),
                };
        }
        return tensor(x, new long[] { list.Count, numWords }, ScalarType.Float64);
    }

    /// <summary><c>get_config</c>: the settings, and the dictionaries as JSON text, as Keras writes them.</summary>
    public JObject GetConfig() => new()
    {
        ["num_words"] = NumWords is int n ? n : JValue.CreateNull(),
        ["filters"] = Filters,
        ["lower"] = Lower,
        ["split"] = Split,
        ["char_level"] = CharLevel,
        ["oov_token"] = OovToken is null ? JValue.CreateNull() : OovToken,
        ["document_count"] = DocumentCount,
        ["word_counts"] = PythonJson.Dumps(PythonJson.Object(WordCounts)),
        ["word_docs"] = PythonJson.Dumps(PythonJson.Object(WordDocs)),
        ["index_docs"] = PythonJson.Dumps(PythonJson.Object(IndexDocs)),
        ["index_word"] = PythonJson.Dumps(PythonJson.Object(IndexWord)),
        ["word_index"] = PythonJson.Dumps(PythonJson.Object(WordIndex)),
    };

    /// <summary><c>to_json()</c>: the text Keras writes (json.dumps), which <c>tokenizer_from_json</c> reads.</summary>
    public string ToJson() => PythonJson.Dumps(new JObject { ["class_name"] = nameof(Tokenizer), ["config"] = GetConfig() });

    private void Fit(IEnumerable<List<string>> documents)
    {
        foreach (var seq in documents)
        {
            DocumentCount++;
            foreach (var w in seq) WordCounts[w] = WordCounts.GetValueOrDefault(w) + 1;
            foreach (var w in seq.Distinct()) WordDocs[w] = WordDocs.GetValueOrDefault(w) + 1;
        }

        // A stable sort by count, highest first; the oov token takes index 1. Assigning in order as Python's
        // dict(zip(...)) does: a word equal to the oov token keeps the first position with the later index.
        var vocabulary = (OovToken is null ? Enumerable.Empty<string>() : new[] { OovToken })
            .Concat(WordCounts.OrderByDescending(wc => wc.Value).Select(wc => wc.Key));
        WordIndex = new OrderedDictionary<string, int>();
        var index = 1;
        foreach (var w in vocabulary) WordIndex[w] = index++;
        IndexWord = new OrderedDictionary<int, string>(WordIndex.Select(p => KeyValuePair.Create(p.Value, p.Key)));
        foreach (var (w, c) in WordDocs) IndexDocs[WordIndex[w]] = c;
    }

    private List<string> Tokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return CharLevel
            ? (Lower ? TextFunctions.Lower(text) : text).EnumerateRunes().Select(r => r.ToString()).ToList()
            : TextFunctions.TextToWordSequence(text, Filters, Lower, Split);
    }

    private List<string> Tokens(IEnumerable<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        return tokens.Select(t => Lower ? TextFunctions.Lower(t) : t).ToList();
    }

    private int OovIndex() => OovToken is not null && WordIndex.TryGetValue(OovToken, out var i) ? i
        : throw new KerasException($"The oov_token '{OovToken}' has no index yet: fit the Tokenizer on some texts first.");

    private List<int> ToSequence(List<string> words)
    {
        var vector = new List<int>();
        foreach (var w in words)
        {
            if (WordIndex.TryGetValue(w, out var i))
            {
                if (!(NumWords is > 0 && i >= NumWords)) vector.Add(i);
                else if (OovToken is not null) vector.Add(OovIndex());
            }
            else if (OovToken is not null) vector.Add(OovIndex());
        }
        return vector;
    }
}
