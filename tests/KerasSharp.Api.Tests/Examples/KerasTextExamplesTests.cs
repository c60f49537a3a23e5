using System;
using System.IO;
using System.Linq;
using FluentAssertions;
using KerasExamples;
using KerasExamples.ImdbBidirectionalLstm;
using KerasExamples.ImdbCnn;
using KerasExamples.LstmSeq2seq;
using KerasSharp.Tests.Harness;
using Xunit;

namespace KerasSharp.Tests.Examples;

/// <summary>
/// The ports of Keras 2.2.4's text and recurrent examples (examples/KerasExamples), run on a few samples for one
/// epoch. The IMDB scripts call <c>Imdb.LoadData()</c> on the small imdb.npz of Goldens/datasets
/// (make_text_datasets.py: 12 training reviews of 2 to 15 words after the start mark, 9 test reviews of 5 to 15, word
/// indices at most 42) in a temporary KERAS_HOME.
/// </summary>
public sealed class KerasTextExamplesTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("kerassharp-text-examples");
    private readonly string _previous = Directory.GetCurrentDirectory();

    // lstm_seq2seq.py reads fra-eng/fra.txt and writes s2s.h5 in the current directory, as the script does.
    public KerasTextExamplesTests() => Directory.SetCurrentDirectory(_dir.FullName);

    public void Dispose()
    {
        Directory.SetCurrentDirectory(_previous);
        _dir.Delete(recursive: true);
    }

    /// <summary>What <paramref name="run"/> printed, and what it returned.</summary>
    private static (string printed, T result) Printed<T>(Func<T> run)
    {
        var output = new StringWriter();
        var previous = Console.Out;
        Console.SetOut(output);
        try
        {
            var result = run();
            return (output.ToString(), result);
        }
        finally
        {
            Console.SetOut(previous);
        }
    }

    [Fact]
    public void Imdb_cnn_trains_on_a_few_reviews()
    {
        using var home = new TempKerasHome();
        home.AddSmallImdb();
        KerasSharp.Backend.KerasBackend.SetSeed(1);
        var (printed, (model, history)) = Printed(() => ImdbCnnScript.Run(new ExampleOptions(Epochs: 1, Samples: 8, Verbose: 0)));
        // --samples 8 keeps 8 of the 12 training and 9 test reviews; pad_sequences makes each 400 long.
        printed.Should().Contain("Loading data...").And.Contain("8 train sequences").And.Contain("8 test sequences")
            .And.Contain("x_train shape: (8, 400)").And.Contain("x_test shape: (8, 400)").And.Contain("Build model...");
        history.Values.Keys.Should().BeEquivalentTo("loss", "accuracy", "val_loss", "val_accuracy");
        history.Values["loss"].Should().ContainSingle().Which.Should().BeGreaterThan(0);
        history.Values["val_accuracy"].Should().ContainSingle().Which.Should().BeInRange(0, 1);

        // Embedding 5000·50 = 250,000; Conv1D 3·50·250 + 250 = 37,750 over 400 - 3 + 1 = 398 steps;
        // Dense 250·250 + 250 = 62,750; Dense 250 + 1 = 251. Total 350,751.
        var (summary, _) = Printed(() => { model.Summary(); return 0; });
        summary.Should().Match("*(None, 400, 50)*250000*").And.Match("*(None, 398, 250)*37750*")
            .And.Match("*(None, 250)*62750*").And.Match("*(None, 1)*251*").And.Contain("Total params: 350,751");
    }

    [Fact]
    public void Imdb_bidirectional_lstm_trains_on_the_reviews()
    {
        using var home = new TempKerasHome();
        home.AddSmallImdb();
        KerasSharp.Backend.KerasBackend.SetSeed(1);
        var (printed, (model, history)) = Printed(() => ImdbBidirectionalLstmScript.Run(new ExampleOptions(Epochs: 1, Verbose: 0)));
        // All of the small archive: 12 training and 9 test reviews, padded to 100 words.
        printed.Should().Contain("12 train sequences").And.Contain("9 test sequences")
            .And.Contain("x_train shape: (12, 100)").And.Contain("x_test shape: (9, 100)").And.Contain("Train...");
        history.Values.Keys.Should().BeEquivalentTo("loss", "accuracy", "val_loss", "val_accuracy");
        history.Values["loss"].Should().ContainSingle().Which.Should().BeGreaterThan(0);

        // Embedding 20000·128 = 2,560,000; each LSTM(64) on 128 features 4·(128·64 + 64·64 + 64) = 49,408, both
        // directions 98,816 with outputs concatenated to 128 (Keras's summary cuts the type name to 'Bidirection'); Dense 128 + 1 = 129. Total 2,658,945.
        var (summary, _) = Printed(() => { model.Summary(); return 0; });
        summary.Should().Match("*(None, 100, 128)*2560000*").And.Match("*bidirectional_1 (Bidirection (None, 128)*98816*")
            .And.Match("*(None, 1)*129*").And.Contain("Total params: 2,658,945");
    }

    // The first lines of manythings.org's fra.txt (English, tab, French), and two more that --samples 10 leaves out.
    private const string FraTxt = "Go.\tVa !\nHi.\tSalut !\nRun!\tCours !\nRun!\tCourez !\nWow!\tÇa alors !\nFire!\tAu feu !\n"
        + "Help!\tÀ l'aide !\nJump.\tSaute.\nStop!\tÇa suffit !\nStop!\tStop !\nWait!\tAttends !\nHello!\tBonjour !\n";

    [Fact]
    public void Lstm_seq2seq_trains_saves_and_decodes_the_first_sentences()
    {
        Directory.CreateDirectory("fra-eng");
        File.WriteAllText(Path.Combine("fra-eng", "fra.txt"), FraTxt);
        KerasSharp.Backend.KerasBackend.SetSeed(1);
        var (printed, (model, history)) = Printed(() => LstmSeq2seqScript.Run(new ExampleOptions(Epochs: 1, Samples: 10, Verbose: 0)));

        // The first 10 lines. English characters: ! . F G H J R S W e i l m n o p r t u w (20); French ones with the
        // tab and newline marks: \t \n space ! ' . A C S V a d e f i l o p r s t u z À Ç (25). The longest English
        // sentence has 5 characters (Fire!, Help!, Stop!; Hello! is not read), the longest French one 1 + 11 + 1
        // (\tÇa suffit !\n).
        printed.Should().Contain("Number of samples: 10\n").And.Contain("Number of unique input tokens: 20\n")
            .And.Contain("Number of unique output tokens: 25\n").And.Contain("Max sequence length for inputs: 5\n")
            .And.Contain("Max sequence length for outputs: 13\n");
        // validation_split 0.2 holds out the last 2 samples.
        history.Values.Keys.Should().BeEquivalentTo("loss", "val_loss");
        history.Values["loss"].Should().ContainSingle().Which.Should().BeGreaterThan(0);
        File.Exists(Path.Combine(_dir.FullName, "s2s.h5")).Should().BeTrue();

        // Encoder LSTM 4·(20·256 + 256·256 + 256) = 283,648; decoder LSTM 4·(25·256 + 256·256 + 256) = 288,768;
        // Dense 256·25 + 25 = 6,425. Total 578,841.
        var (summary, _) = Printed(() => { model.Summary(); return 0; });
        summary.Should().Contain("283648").And.Contain("288768").And.Contain("6425").And.Contain("Total params: 578,841");

        // Each of the 10 sentences decoded: French characters, up to the end mark or past 13 characters.
        var blocks = printed.Split("-\n")[1..];
        blocks.Select(b => b.Split('\n')[0]).Should().Equal("Input sentence: Go.", "Input sentence: Hi.", "Input sentence: Run!",
            "Input sentence: Run!", "Input sentence: Wow!", "Input sentence: Fire!", "Input sentence: Help!",
            "Input sentence: Jump.", "Input sentence: Stop!", "Input sentence: Stop!");
        const string french = "\t\n !'.ACSVadefilopirstuzÀÇ";
        foreach (var block in blocks)
        {
            var decoded = block[(block.IndexOf("Decoded sentence: ", StringComparison.Ordinal) + "Decoded sentence: ".Length)..^1];
            decoded.Should().NotBeEmpty().And.Match(d => d.All(c => french.Contains(c)));
            (decoded.EndsWith('\n') || decoded.Length == 14).Should().BeTrue($"'{decoded}' stops at the end mark or past 13 characters");
        }
    }
}
