using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using FluentAssertions;
using KerasSharp.Datasets;
using KerasSharp.Tests.Harness;
using Xunit;
using static KerasSharp.Tests.Datasets.ArrayDatasetCases;

namespace KerasSharp.Tests.Datasets;

/// <summary>fashion_mnist.load_data on the four small gzipped idx files of Goldens/datasets/datasets/fashion-mnist.</summary>
public sealed class FashionMnistTests
{
    private static readonly string?[] NoHashes = new string?[4];
    private const string Offline = "http://127.0.0.1:1/offline/";

    private static string Fixture(string name) => Golden.PathOf(Path.Combine("datasets", "datasets", "fashion-mnist", name));

    [Fact]
    public void Load_data_matches_Keras()
    {
        using var home = new TempKerasHome();
        home.AddDatasets();

        ShouldEqual(FashionMnist.LoadData(Offline, NoHashes), Case("fashion_mnist"));
    }

    [Fact]
    public void Downloads_the_four_files_into_datasets_fashion_mnist_and_checks_their_hashes()
    {
        using var home = new TempKerasHome();
        var files = FashionMnist.Files.ToDictionary(f => f.Name, f => File.ReadAllBytes(Fixture(f.Name)));
        var url = LoopbackServer.Serve(files, out var server);

        var loaded = FashionMnist.LoadData(url, FashionMnist.Files.Select(f => (string?)Convert.ToHexStringLower(MD5.HashData(files[f.Name]))).ToArray());
        server.Join();

        ShouldEqual(loaded, Case("fashion_mnist"));
        var folder = Path.Combine(home.Datasets, "fashion-mnist");
        Directory.GetFiles(folder).Select(Path.GetFileName).Should().BeEquivalentTo(files.Keys, "no partial download is left");
        foreach (var (name, body) in files) File.ReadAllBytes(Path.Combine(folder, name)).Should().Equal(body);
    }

    [Fact]
    public void A_download_with_the_wrong_hash_is_an_error_and_keeps_nothing()
    {
        using var home = new TempKerasHome();
        var first = FashionMnist.Files[0].Name;
        var url = LoopbackServer.Serve(new Dictionary<string, byte[]> { [first] = File.ReadAllBytes(Fixture(first)) }, out var server);

        // The published MD5 of the real train-labels file: the small fixture does not have it.
        var act = () => FashionMnist.LoadData(url, FashionMnist.Files.Select(f => (string?)f.Md5).ToArray());

        act.Should().Throw<InvalidDataException>().WithMessage($"*{url}{first} is corrupt*MD5*expected 25c81989df183df01b3e8a0aad5dffbe*");
        server.Join();
        Directory.Exists(home.Datasets).Should().BeFalse("neither the file nor the folders made for it are kept");
    }

    [Theory]
    [InlineData("train-labels-idx1-ubyte.gz", 2051, "*train-labels-idx1-ubyte.gz has the idx magic number 2051; a file of labels has 2049*")]
    [InlineData("t10k-images-idx3-ubyte.gz", 2049, "*t10k-images-idx3-ubyte.gz has the idx magic number 2049; a file of images has 2051*")]
    public void A_bad_magic_number_is_an_error_naming_the_file(string name, int magic, string message)
    {
        using var home = new TempKerasHome();
        home.AddDatasets();
        var path = Path.Combine(home.Datasets, "fashion-mnist", name);
        var bytes = Gunzip(path);
        bytes[2] = (byte)(magic >> 8);
        bytes[3] = (byte)magic;
        Gzip(path, bytes);

        FluentActions.Invoking(() => FashionMnist.LoadData(Offline, NoHashes)).Should().Throw<InvalidDataException>().WithMessage(message);
    }

    [Fact]
    public void A_truncated_file_is_an_error_naming_it()
    {
        using var home = new TempKerasHome();
        home.AddDatasets();
        var path = Path.Combine(home.Datasets, "fashion-mnist", "train-images-idx3-ubyte.gz");
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..5000]);

        FluentActions.Invoking(() => FashionMnist.LoadData(Offline, NoHashes)).Should().Throw<InvalidDataException>()
            .WithMessage($"{path}*truncated or corrupt*");
    }

    [Fact]
    public void Images_that_do_not_match_their_labels_are_an_error()
    {
        // 20 training labels, 19 images: Keras's reshape(len(y_train), 28, 28) would fail too.
        using var home = new TempKerasHome();
        home.AddDatasets();
        var path = Path.Combine(home.Datasets, "fashion-mnist", "train-images-idx3-ubyte.gz");
        var bytes = Gunzip(path);
        bytes[7] = 19;
        Gzip(path, bytes[..(16 + 19 * 784)]);

        FluentActions.Invoking(() => FashionMnist.LoadData(Offline, NoHashes)).Should().Throw<InvalidDataException>()
            .WithMessage($"{path} declares 19 images but its labels file holds 20 labels*");
    }

    [Fact]
    public void Keras_addresses()
    {
        // keras@2.2.4:keras/datasets/fashion_mnist.py: base + fname, in datasets/fashion-mnist.
        FashionMnist.BaseOrigin.Should().Be("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/");
        FashionMnist.CacheSubdir.Should().Be("datasets/fashion-mnist");
        FashionMnist.Files.Select(f => f.Name).Should().Equal("train-labels-idx1-ubyte.gz", "train-images-idx3-ubyte.gz",
            "t10k-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz");
    }

    private static byte[] Gunzip(string path)
    {
        using var gzip = new System.IO.Compression.GZipStream(File.OpenRead(path), System.IO.Compression.CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gzip.CopyTo(memory);
        return memory.ToArray();
    }

    private static void Gzip(string path, byte[] bytes)
    {
        using var gzip = new System.IO.Compression.GZipStream(File.Create(path), System.IO.Compression.CompressionLevel.Optimal);
        gzip.Write(bytes);
    }
}
