using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using FluentAssertions;
using KerasSharp.Datasets;
using KerasSharp.Tests.Harness;
using Newtonsoft.Json.Linq;
using Xunit;
using static KerasSharp.Tests.Datasets.TextDatasetCases;

namespace KerasSharp.Tests.Datasets;

/// <summary>reuters.load_data on the small archive of Goldens/datasets, against Keras 2.2.4's steps re-done in numpy.</summary>
public sealed class ReutersTests
{
    public static TheoryData<string> Cases() => new(Of("reuters").Select(c => (string)c[0]));

    private static ((int[][], TorchSharp.torch.Tensor), (int[][], TorchSharp.torch.Tensor)) Load(JObject c, double? test_split = null) =>
        Reuters.LoadData(Offline, "reuters.npz", num_words: Int(c, "num_words", null), skip_top: Int(c, "skip_top", 0)!.Value,
            maxlen: Int(c, "maxlen", null), test_split: test_split ?? TestSplit(c), seed: Seed(c), start_char: Int(c, "start_char", 1),
            oov_char: Int(c, "oov_char", 2), index_from: Int(c, "index_from", 3)!.Value);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Load_data_matches_Keras(string name)
    {
        using var home = new TempKerasHome();
        home.AddDatasets();
        var c = Case(name);

        if (c["error"] is JToken error)
        {
            // Keras 2.2.4 fails inside max() when maxlen keeps nothing and num_words must be inferred.
            FluentActions.Invoking(() => Load(c)).Should().Throw<ArgumentException>().WithParameterName("maxlen").WithMessage($"*{error}*");
            return;
        }
        ShouldEqual(Load(c), c);
    }

    [Fact]
    public void Samples_are_in_the_order_of_numpys_RandomState_113()
    {
        using var home = new TempKerasHome();
        home.AddDatasets();
        var raw = Golden.Load("datasets/text_datasets_raw.json")["reuters"]!;
        var order = Golden.NumpyShuffles(113, 23)[0];

        var ((x_train, y_train), (x_test, y_test)) = Reuters.LoadData(Offline, "reuters.npz", num_words: 1000, skip_top: 0, maxlen: null,
            test_split: 0.2, seed: 113, start_char: null, oov_char: 2, index_from: 0);

        // int(23 * (1 - 0.2)) = 18 training samples: the file's samples order[0..17], then order[18..22].
        ShouldEqual(x_train, new JArray(order[..18].Select(i => raw["x"]![i])), "x_train");
        ShouldEqual(x_test, new JArray(order[18..].Select(i => raw["x"]![i])), "x_test");
        y_train.data<long>().ToArray().Should().Equal(order[..18].Select(i => (long)raw["y"]![i]!));
        y_test.data<long>().ToArray().Should().Equal(order[18..].Select(i => (long)raw["y"]![i]!));
    }

    [Fact]
    public void A_test_split_above_one_slices_from_the_end_as_Python_does()
    {
        using var home = new TempKerasHome();
        home.AddDatasets();
        var c = Case("reuters_default");
        var all = ((JArray)c["x_train"]!).Concat((JArray)c["x_test"]!).ToArray();

        // idx = int(23 * (1 - 1.5)) = -11: xs[:-11] keeps the first 12 samples for training, xs[-11:] the last 11.
        var ((x_train, _), (x_test, y_test)) = Load(c, test_split: 1.5);

        ShouldEqual(x_train, new JArray(all[..12]), "x_train");
        ShouldEqual(x_test, new JArray(all[12..]), "x_test");
        y_test.shape.Should().Equal(11);
        FluentActions.Invoking(() => Load(c, test_split: double.NaN)).Should().Throw<ArgumentException>().WithParameterName("test_split");
    }

    [Fact]
    public void Word_index_downloads_into_the_cache_with_keras_md5_check()
    {
        using var home = new TempKerasHome();
        var body = File.ReadAllBytes(Golden.PathOf(Path.Combine("datasets", "datasets", "reuters_word_index.json")));
        var url = LoopbackServer.Serve(body, "reuters_word_index.json", out var server);

        var index = Reuters.GetWordIndex((url, Convert.ToHexStringLower(MD5.HashData(body))), "reuters_word_index.json");
        server.Join();

        // make_text_datasets.py: the, of, to, in, said, and, a, mln, 3 ranked 1 to 9.
        index.Should().HaveCount(9);
        index["said"].Should().Be(5);
        index["3"].Should().Be(9);
        File.Exists(Path.Combine(home.Datasets, "reuters_word_index.json")).Should().BeTrue();
        Reuters.GetWordIndex(Offline, "reuters_word_index.json").Should().Equal(index, "the cached file is read without a download");
    }

    [Fact]
    public void A_corrupt_word_index_names_the_file()
    {
        using var home = new TempKerasHome();
        Directory.CreateDirectory(home.Datasets);
        var path = Path.Combine(home.Datasets, "reuters_word_index.json");
        File.WriteAllText(path, "{\"the\": 1, \"of\": 2");

        FluentActions.Invoking(() => Reuters.GetWordIndex(Offline, "reuters_word_index.json")).Should().Throw<InvalidDataException>()
            .WithMessage($"{path} is not a word index JSON object*truncated or corrupt*");
    }
}
