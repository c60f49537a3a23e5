using System;
using System.IO;
using System.Linq;
using FluentAssertions;
using KerasExamples;
using KerasExamples.ImdbBidirectionalLstm;
using KerasExamples.ImdbCnn;
using KerasExamples.ImdbCnnLstm;
using KerasExamples.ImdbLstm;
using KerasExamples.LstmSeq2seq;
using KerasExamples.LstmStateful;
using KerasSharp.Tests.Harness;
using Xunit;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Examples;

/// <summary>
/// The ports of Keras 2.2.4's examples on sequences, text and time series (examples/KerasExamples), run on a few
/// samples for one epoch. The IMDB scripts call <c>Imdb.LoadData()</c> on the small imdb.npz of Goldens/datasets
/// (make_text_datasets.py: 12 training reviews of 2 to 15 words after the start mark, 9 test reviews of 5 to 15, word
/// indices at most 42) in a temporary KERAS_HOME.
/// </summary>
public sealed class KerasSequenceExamplesTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("kerassharp-sequence-examples");
    private readonly string _previous = Directory.GetCurrentDirectory();

    // lstm_seq2seq.py reads fra-eng/fra.txt and writes s2s.h5 in the current directory, as the script does.
    public KerasSequenceExamplesTests() => Directory.SetCurrentDirectory(_dir.FullName);

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
        KerasSharp.Backend.KerasBackend.ClearSession();
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
        KerasSharp.Backend.KerasBackend.ClearSession();
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

    [Fact]
    public void Imdb_lstm_trains_and_evaluates_on_a_few_reviews()
    {
        using var home = new TempKerasHome();
        home.AddSmallImdb();
        KerasSharp.Backend.KerasBackend.ClearSession();
        KerasSharp.Backend.KerasBackend.SetSeed(1);
        var (printed, (model, history, score, acc)) = Printed(() => ImdbLstmScript.Run(new ExampleOptions(Epochs: 1, Samples: 6, Verbose: 0)));
        printed.Should().Contain("6 train sequences").And.Contain("6 test sequences")
            .And.Contain("x_train shape: (6, 80)").And.Contain("x_test shape: (6, 80)");
        history.Values["loss"].Should().ContainSingle().Which.Should().BeGreaterThan(0);
        // The last epoch's validation scores are the evaluation's (the same 6 test reviews, dropout off).
        score.Should().BeApproximately(history.Values["val_loss"][0], 1e-6);
        acc.Should().BeApproximately(history.Values["val_accuracy"][0], 1e-6);
        (acc * 6).Should().BeApproximately(Math.Round(acc * 6), 1e-5, "the accuracy of 6 reviews is a number of sixths");
        printed.Should().Contain($"Test score: {score}\n").And.Contain($"Test accuracy: {acc}\n");

        // Embedding 20000·128 = 2,560,000 (no input_length: (None, None, 128)); LSTM(128) 4·(128·128 + 128·128 + 128)
        // = 131,584; Dense 128 + 1 = 129. Total 2,691,713.
        var (summary, _) = Printed(() => { model.Summary(); return 0; });
        summary.Should().Match("*(None, None, 128)*2560000*").And.Match("*(None, 128)*131584*").And.Contain("Total params: 2,691,713");
    }

    [Fact]
    public void Imdb_cnn_lstm_trains_and_evaluates_on_a_few_reviews()
    {
        using var home = new TempKerasHome();
        home.AddSmallImdb();
        KerasSharp.Backend.KerasBackend.ClearSession();
        KerasSharp.Backend.KerasBackend.SetSeed(1);
        var (printed, (model, history, score, acc)) = Printed(() => ImdbCnnLstmScript.Run(new ExampleOptions(Epochs: 1, Samples: 6, Verbose: 0)));
        printed.Should().Contain("x_train shape: (6, 100)").And.Contain("x_test shape: (6, 100)").And.Contain("Train...");
        history.Values.Keys.Should().BeEquivalentTo("loss", "accuracy", "val_loss", "val_accuracy");
        score.Should().BeApproximately(history.Values["val_loss"][0], 1e-6);
        acc.Should().BeApproximately(history.Values["val_accuracy"][0], 1e-6);

        // Embedding 20000·128 = 2,560,000; Conv1D 5·128·64 + 64 = 41,024 over 100 - 5 + 1 = 96 steps; MaxPooling1D(4)
        // to 24; LSTM(70) 4·(64·70 + 70·70 + 70) = 37,800; Dense 70 + 1 = 71. Total 2,638,895.
        var (summary, _) = Printed(() => { model.Summary(); return 0; });
        summary.Should().Match("*(None, 96, 64)*41024*").And.Match("*(None, 24, 64)*").And.Match("*(None, 70)*37800*")
            .And.Contain("Total params: 2,638,895");
    }

    // The first lines of manythings.org's fra.txt (English, tab, French), and two more that --samples 10 leaves out.
    private const string FraTxt = "Go.\tVa !\nHi.\tSalut !\nRun!\tCours !\nRun!\tCourez !\nWow!\tÇa alors !\nFire!\tAu feu !\n"
        + "Help!\tÀ l'aide !\nJump.\tSaute.\nStop!\tÇa suffit !\nStop!\tStop !\nWait!\tAttends !\nHello!\tBonjour !\n";

    [Fact]
    public void Lstm_seq2seq_trains_saves_and_decodes_the_first_sentences()
    {
        Directory.CreateDirectory("fra-eng");
        File.WriteAllText(Path.Combine("fra-eng", "fra.txt"), FraTxt);
        KerasSharp.Backend.KerasBackend.ClearSession();
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

    [Fact]
    public void DataFrame_does_what_pandas_does_for_the_script()
    {
        // The script's own example: tsteps=2 and input=[1, 2, 3, 4, 5] give output=[1.5, 2.5, 3.5, 4.5] after a NaN.
        var frame = new DataFrame(tensor(new double[] { 1, 2, 3, 4, 5 }));
        var mean = frame.Rolling(window: 2, center: false).Mean();
        Tensors.Values(mean.Values).Should().Equal(float.NaN, 1.5f, 2.5f, 3.5f, 4.5f);
        Tensors.Values(frame.Rolling(window: 6).Mean().Values).Should().OnlyContain(v => float.IsNaN(v), "no row has 6 before it");
        Tensors.Values(frame.Shift(2).Values).Should().Equal(float.NaN, float.NaN, 1, 2, 3);
        Tensors.Values(frame.Shift(-1).Values).Should().Equal(2, 3, 4, 5, float.NaN);

        // Slicing keeps the labels; print(df) right-aligns each column under its name, one space apart, a leading
        // space for the sign, trailing zeros shared by the whole column removed: 1.5 and 2.5 print as " 1.5", " 2.5".
        mean[1..].Shape.Should().Be((4L, 1L));
        mean[1..].Head(2).ToString().Should().Be("     0\n1  1.5\n2  2.5");
        mean.Tail(2).ToString().Should().Be("     0\n3  3.5\n4  4.5");
        mean.Head(2).ToString().Should().Be("     0\n0  NaN\n1  1.5");
        // Six decimals otherwise; labels padded to the longest, negative values take the sign's place.
        var wide = new DataFrame(tensor(new double[] { 0.0123456789, -0.05, 0.1, 0, 0, 0, 0, 0, 0, 0, 0.25 }));
        wide[8..].ToString().Should().Be("       0\n8   0.00\n9   0.00\n10  0.25");
        wide[..2].ToString().Should().Be("          0\n0  0.012346\n1 -0.050000");

        // A column replaced through df[c] = ...
        var two = new DataFrame(tensor(new double[] { 1, 2, 3, 4 }, 2, 2));
        two[1] = two[1].Shift(1);
        Tensors.Values(two.Values).Should().Equal(1, float.NaN, 3, 2);
    }

    [Fact]
    public void Lstm_stateful_trains_both_models_on_a_short_series()
    {
        var (printed, (data_input, expected_output, y_test, predicted_stateful, predicted_stateless)) =
            Printed(() => LstmStatefulScript.Run(new ExampleOptions(Epochs: 1, Samples: 40, Verbose: 0)));
        // lahead 1 < tsteps 2; input_len 40: 41 points made, the first dropped (its moving average is NaN); 80% of 40
        // rows train, a multiple of batch_size 1.
        printed.Should().StartWith(new string('*', 33) + "\nSTATELESS LSTM WILL NOT CONVERGE\n" + new string('*', 33) + "\nGenerating Data...\n")
            .And.Contain("Input shape: (40, 1)\n").And.Contain("Output shape: (40, 1)\n")
            .And.Contain("x_train.shape:  (32, 1, 1)\n").And.Contain("y_train.shape:  (32, 1)\n")
            .And.Contain("x_test.shape:  (8, 1, 1)\n").And.Contain("y_test.shape:  (8, 1)\n")
            .And.Contain("Epoch 1 / 1\n").And.Contain("Creating Stateless Model...\n").And.EndWith("Plotting Results\n");
        // Heads and tails carry the labels 1..5 and 36..40.
        printed.Should().Contain("Input head: \n          0\n1 ").And.Contain("Output tail: \n           0\n36 ");

        // Uniform in [-0.1, 0.1]; each expected output the mean of its input and the one before.
        var x = Tensors.Values(data_input.Values);
        var y = Tensors.Values(expected_output.Values);
        x.Should().HaveCount(40).And.OnlyContain(v => v >= -0.1f && v <= 0.1f);
        for (int k = 1; k < 40; k++) y[k].Should().BeApproximately((x[k - 1] + x[k]) / 2, 1e-7f);
        Tensors.Values(y_test).Should().Equal(y[32..]);
        predicted_stateful.shape.Should().Equal(8, 1);
        predicted_stateless.shape.Should().Equal(8, 1);
        Tensors.Values(predicted_stateful).Concat(Tensors.Values(predicted_stateless)).Should().OnlyContain(v => float.IsFinite(v));
    }
}
