using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using FluentAssertions;
using KerasSharp.Datasets;
using KerasSharp.Tests.Harness;
using Newtonsoft.Json.Linq;
using Xunit;
using static KerasSharp.Tests.Datasets.ArrayDatasetCases;

namespace KerasSharp.Tests.Datasets;

/// <summary>boston_housing.load_data on the small boston_housing.npz of Goldens/datasets, against Keras 2.2.4's steps in numpy.</summary>
public sealed class BostonHousingTests
{
    private static readonly (string, string?) Offline = TextDatasetCases.Offline;

    public static TheoryData<string> Cases() => new(Of("boston_housing").Select(c => (string)c[0]));

    private static byte[] Fixture() => File.ReadAllBytes(Golden.PathOf(Path.Combine("datasets", "datasets", "boston_housing.npz")));

    private static ((TorchSharp.torch.Tensor, TorchSharp.torch.Tensor), (TorchSharp.torch.Tensor, TorchSharp.torch.Tensor)) Load(JObject c) =>
        BostonHousing.LoadData(Offline, "boston_housing.npz", TextDatasetCases.TestSplit(c), TextDatasetCases.Seed(c));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Load_data_matches_Keras(string name)
    {
        using var home = new TempKerasHome();
        home.AddDatasets();
        var c = Case(name);

        if (c["error"] is JToken error)
        {
            // Keras's `assert 0 <= test_split < 1`.
            ((string)error!).Should().Be("AssertionError: 0 <= test_split < 1");
            FluentActions.Invoking(() => Load(c)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("test_split")
                .WithMessage($"*received {TextDatasetCases.TestSplit(c)}*");
            return;
        }
        ShouldEqual(Load(c), c);
    }

    [Fact]
    public void Rows_are_in_the_order_of_numpys_RandomState_113()
    {
        // x_train then x_test is the file's x[perm], perm being np.random.seed(113); np.random.shuffle(np.arange(23)),
        // the permutation of random_state.json (written by numpy itself); the first int(23 * 0.8) = 18 rows train.
        using var home = new TempKerasHome();
        home.AddDatasets();
        var perm = Golden.NumpyShuffles(113, 23)[0];
        var raw = Raw("boston_housing");

        var ((x_train, y_train), (x_test, y_test)) = BostonHousing.LoadData(Offline, "boston_housing.npz", 0.2, 113);

        x_train.shape.Should().Equal(18, 13);
        Values(TorchSharp.torch.cat(new[] { y_train, y_test })).Should().Equal(perm.Select(i => (double)raw["y"]![i]!));
        Values(TorchSharp.torch.cat(new[] { x_train, x_test })).Should().Equal(perm.SelectMany(i => raw["x"]![i]!.Select(v => (double)v)));
    }

    [Fact]
    public void Downloads_into_the_cache_when_absent_and_checks_the_hash()
    {
        using var home = new TempKerasHome();
        var body = Fixture();
        var url = LoopbackServer.Serve(body, "boston_housing.npz", out var server);

        // A 64-character hash is a SHA-256 (hash_algorithm 'auto'), as Keras's own.
        var loaded = BostonHousing.LoadData((url, Convert.ToHexStringLower(SHA256.HashData(body))), "boston_housing.npz", 0.2, 113);
        server.Join();

        ShouldEqual(loaded, Case("boston_default"));
        File.ReadAllBytes(Path.Combine(home.Datasets, "boston_housing.npz")).Should().Equal(body);
        Directory.GetFiles(home.Datasets).Should().ContainSingle("no partial download is left");
    }

    [Fact]
    public void A_download_with_the_wrong_hash_is_an_error_and_keeps_nothing()
    {
        using var home = new TempKerasHome();
        var url = LoopbackServer.Serve(Fixture(), "boston_housing.npz", out var server);

        // Keras's SHA-256 of the real boston_housing.npz.
        var act = () => BostonHousing.LoadData((url, BostonHousing.FileHash), "boston_housing.npz", 0.2, 113);

        act.Should().Throw<InvalidDataException>().WithMessage($"*{url} is corrupt*SHA256*expected {BostonHousing.FileHash}*");
        server.Join();
        Directory.Exists(home.Datasets).Should().BeFalse("neither the file nor the folder made for it is kept");
    }

    [Fact]
    public void Bad_arguments_are_errors_before_any_download()
    {
        using var home = new TempKerasHome();
        FluentActions.Invoking(() => BostonHousing.LoadData(seed: -1)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("seed");
        FluentActions.Invoking(() => BostonHousing.LoadData(test_split: double.NaN)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("test_split");
        Directory.Exists(home.Datasets).Should().BeFalse();
    }

    [Fact]
    public void Keras_origin_and_hash()
    {
        // keras@2.2.4:keras/datasets/boston_housing.py.
        BostonHousing.Origin.Should().Be("https://s3.amazonaws.com/keras-datasets/boston_housing.npz");
        BostonHousing.FileHash.Should().Be("f553886a1f8d56431e820c5b82552d9d95cfcb96d1e678153f8839538947dff5");
    }
}
