using System;
using System.IO;
using System.Security.Cryptography;
using FluentAssertions;
using KerasSharp.Datasets;
using KerasSharp.Tests.Harness;
using Xunit;
using static KerasSharp.Tests.Datasets.ArrayDatasetCases;

namespace KerasSharp.Tests.Datasets;

/// <summary>mnist.load_data on the small mnist.npz of Goldens/datasets (np.savez_compressed, as the real file).</summary>
public sealed class MnistTests
{
    private static readonly (string, string?) Offline = TextDatasetCases.Offline;

    private static byte[] Fixture() => File.ReadAllBytes(Golden.PathOf(Path.Combine("datasets", "datasets", "mnist.npz")));

    [Fact]
    public void Load_data_matches_Keras()
    {
        using var home = new TempKerasHome();
        home.AddDatasets();

        ShouldEqual(Mnist.LoadData(Offline, "mnist.npz"), Case("mnist"));
    }

    [Fact]
    public void Path_is_relative_to_the_datasets_cache_or_absolute()
    {
        using var home = new TempKerasHome();
        home.AddDatasets();
        var sub = Directory.CreateDirectory(Path.Combine(home.Datasets, "copies"));
        File.Move(Path.Combine(home.Datasets, "mnist.npz"), Path.Combine(sub.FullName, "digits.npz"));

        ShouldEqual(Mnist.LoadData(Offline, Path.Combine("copies", "digits.npz")), Case("mnist"));
        ShouldEqual(Mnist.LoadData(Offline, Path.Combine(sub.FullName, "digits.npz")), Case("mnist"));
    }

    [Fact]
    public void Downloads_into_the_cache_when_absent_and_checks_the_hash()
    {
        using var home = new TempKerasHome();
        var body = Fixture();
        var url = LoopbackServer.Serve(body, "mnist.npz", out var server);

        // A 32-character hash is an MD5 (hash_algorithm 'auto'), as Keras's own.
        var loaded = Mnist.LoadData((url, Convert.ToHexStringLower(MD5.HashData(body))), "mnist.npz");
        server.Join();

        ShouldEqual(loaded, Case("mnist"));
        File.ReadAllBytes(Path.Combine(home.Datasets, "mnist.npz")).Should().Equal(body);
        Directory.GetFiles(home.Datasets).Should().ContainSingle("no partial download is left");
    }

    [Fact]
    public void A_download_with_the_wrong_hash_is_an_error_and_keeps_nothing()
    {
        using var home = new TempKerasHome();
        var url = LoopbackServer.Serve(Fixture(), "mnist.npz", out var server);

        // Keras's MD5 of the real mnist.npz: the small fixture does not have it.
        var act = () => Mnist.LoadData((url, Mnist.FileHash), "mnist.npz");

        act.Should().Throw<InvalidDataException>().WithMessage($"*{url} is corrupt*MD5*expected 8a61469f7ea1b51cbae51d4f78837e45*");
        server.Join();
        Directory.Exists(home.Datasets).Should().BeFalse("neither the file nor the folder made for it is kept");
    }

    [Fact]
    public void A_truncated_archive_is_an_error_naming_the_file()
    {
        using var home = new TempKerasHome();
        Directory.CreateDirectory(home.Datasets);
        var path = Path.Combine(home.Datasets, "mnist.npz");
        File.WriteAllBytes(path, Fixture()[..20000]);

        FluentActions.Invoking(() => Mnist.LoadData(Offline, "mnist.npz")).Should().Throw<InvalidDataException>()
            .WithMessage($"{path}*truncated or corrupt*");
    }

    [Fact]
    public void Keras_origin_and_hash()
    {
        // keras@2.2.4:keras/datasets/mnist.py.
        Mnist.Origin.Should().Be("https://s3.amazonaws.com/img-datasets/mnist.npz");
        Mnist.FileHash.Should().Be("8a61469f7ea1b51cbae51d4f78837e45");
    }
}
