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

/// <summary>imdb.load_data on the small archive of Goldens/datasets, against Keras 2.2.4's steps re-done in numpy.</summary>
public sealed class ImdbTests
{
    public static TheoryData<string> Cases() => new(Of("imdb").Select(c => (string)c[0]));

    private static ((int[][], TorchSharp.torch.Tensor), (int[][], TorchSharp.torch.Tensor)) Load(JObject c, string path = "imdb.npz") =>
        Imdb.LoadData(Offline, path, num_words: Int(c, "num_words", null), skip_top: Int(c, "skip_top", 0)!.Value,
            maxlen: Int(c, "maxlen", null), seed: Seed(c), start_char: Int(c, "start_char", 1), oov_char: Int(c, "oov_char", 2),
            index_from: Int(c, "index_from", 3)!.Value);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Load_data_matches_Keras(string name)
    {
        using var home = new TempKerasHome();
        home.AddDatasets();
        var c = Case(name);

        if (c["error"] is JToken error)
        {
            FluentActions.Invoking(() => Load(c)).Should().Throw<ArgumentException>().WithParameterName("maxlen").WithMessage($"{error}*");
            return;
        }
        ShouldEqual(Load(c), c);
    }

    [Fact]
    public void Samples_are_in_the_order_of_numpys_RandomState_113()
    {
        // With no start character, no shift and no cut, x_train[k] is the file's review perm[k], where perm is
        // np.random.seed(113); np.random.shuffle(np.arange(12)), and the test order the next shuffle of the same stream.
        using var home = new TempKerasHome();
        home.AddDatasets();
        var raw = Golden.Load("datasets/text_datasets_raw.json")["imdb"]!;
        var shuffles = Golden.NumpyShuffles(113, 12, 9);
        var (trainOrder, testOrder) = (shuffles[0], shuffles[1]);

        var ((x_train, y_train), (x_test, y_test)) = Imdb.LoadData(Offline, "imdb.npz", num_words: 1000, skip_top: 0, maxlen: null,
            seed: 113, start_char: null, oov_char: 2, index_from: 0);

        ShouldEqual(x_train, new JArray(trainOrder.Select(i => raw["x_train"]![i])), "x_train");
        ShouldEqual(x_test, new JArray(testOrder.Select(i => raw["x_test"]![i])), "x_test");
        y_train.data<long>().ToArray().Should().Equal(trainOrder.Select(i => (long)raw["y_train"]![i]!));
        y_test.data<long>().ToArray().Should().Equal(testOrder.Select(i => (long)raw["y_test"]![i]!));
    }

    [Fact]
    public void Path_is_relative_to_the_datasets_cache_or_absolute()
    {
        using var home = new TempKerasHome();
        home.AddDatasets();
        var sub = Directory.CreateDirectory(Path.Combine(home.Datasets, "copies"));
        File.Move(Path.Combine(home.Datasets, "imdb.npz"), Path.Combine(sub.FullName, "my_imdb.npz"));
        var expected = Case("imdb_default");

        ShouldEqual(Load(expected, Path.Combine("copies", "my_imdb.npz")), expected);
        ShouldEqual(Load(expected, Path.Combine(sub.FullName, "my_imdb.npz")), expected);
    }

    [Fact]
    public void Word_index_is_read_from_the_cache()
    {
        using var home = new TempKerasHome();
        home.AddDatasets();

        var index = Imdb.GetWordIndex(Offline, "imdb_word_index.json");

        // make_text_datasets.py ranks its 15 words from 1: 'the' first, "it's" 13th, 'café' 14th, 'film' 15th.
        index.Should().HaveCount(15);
        index["the"].Should().Be(1);
        index["it's"].Should().Be(13);
        index["café"].Should().Be(14);
        index["film"].Should().Be(15);
    }

    [Fact]
    public void Downloads_into_the_cache_when_absent_and_checks_the_hash()
    {
        using var home = new TempKerasHome();
        var body = File.ReadAllBytes(Golden.PathOf(Path.Combine("datasets", "datasets", "imdb.npz")));
        var url = LoopbackServer.Serve(body, "imdb.npz", out var server);

        var loaded = Imdb.LoadData((url, Convert.ToHexStringLower(SHA256.HashData(body))), "imdb.npz", null, 0, null, 113, 1, 2, 3);
        server.Join();

        ShouldEqual(loaded, Case("imdb_default"));
        File.ReadAllBytes(Path.Combine(home.Datasets, "imdb.npz")).Should().Equal(body);
        Directory.GetFiles(home.Datasets).Should().ContainSingle("no partial download is left");
    }

    [Fact]
    public void A_download_with_the_wrong_hash_is_an_error_and_keeps_nothing()
    {
        using var home = new TempKerasHome();
        var body = File.ReadAllBytes(Golden.PathOf(Path.Combine("datasets", "datasets", "imdb.npz")));
        var url = LoopbackServer.Serve(body, "imdb.npz", out var server);

        // Keras's own MD5 of the real imdb.npz: the small fixture does not have it.
        var act = () => Imdb.LoadData((url, Imdb.FileHash), "imdb.npz", null, 0, null, 113, 1, 2, 3);

        act.Should().Throw<InvalidDataException>().WithMessage($"*{url} is corrupt*MD5*expected 599dadb1135973df5b59232a0e9a887c*");
        server.Join();
        Directory.Exists(home.Datasets).Should().BeFalse("neither the file nor the folder made for it is kept");
    }

    [Fact]
    public void A_seed_outside_numpys_range_is_an_error_before_any_download()
    {
        using var home = new TempKerasHome();
        FluentActions.Invoking(() => Imdb.LoadData(seed: -1)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("seed");
        Directory.Exists(home.Datasets).Should().BeFalse();
    }
}
