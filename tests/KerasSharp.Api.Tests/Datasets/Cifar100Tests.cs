using System;
using System.Formats.Tar;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Security.Cryptography;
using FluentAssertions;
using KerasSharp.Datasets;
using KerasSharp.Tests.Harness;
using Newtonsoft.Json.Linq;
using Xunit;
using static KerasSharp.Tests.Datasets.ArrayDatasetCases;

namespace KerasSharp.Tests.Datasets;

/// <summary>cifar100.load_data on the small cifar-100-python folder of Goldens/datasets (Python 2 pickles, as the real files).</summary>
public sealed class Cifar100Tests
{
    private static readonly (string, string?) Offline = TextDatasetCases.Offline;

    public static TheoryData<string> Cases() => new(Of("cifar100").Select(c => (string)c[0]));

    private static string Fixture => Golden.PathOf(Path.Combine("datasets", "datasets", Cifar100.Folder));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Load_data_matches_Keras(string name)
    {
        using var home = new TempKerasHome();
        home.AddDatasets();
        var c = Case(name);
        var label_mode = (string?)c["args"]!["label_mode"] ?? "fine";

        if (c["error"] is JToken error)
        {
            FluentActions.Invoking(() => Cifar100.LoadData(Offline, label_mode, 6, 4)).Should().Throw<ArgumentException>()
                .WithParameterName("label_mode").WithMessage($"{((string)error!)["ValueError: ".Length..]} Received: '{label_mode}'.*");
            return;
        }
        ShouldEqual(Cifar100.LoadData(Offline, label_mode, 6, 4), c);
    }

    [Fact]
    public void Another_label_mode_is_an_error_before_any_download()
    {
        using var home = new TempKerasHome();
        FluentActions.Invoking(() => Cifar100.LoadData(label_mode: "Fine")).Should().Throw<ArgumentException>().WithParameterName("label_mode");
        Directory.Exists(home.Datasets).Should().BeFalse();
    }

    [Fact]
    public void A_file_with_fewer_images_than_the_real_one_is_an_error_naming_it()
    {
        using var home = new TempKerasHome();
        home.AddDatasets();
        var train = Path.Combine(home.Datasets, Cifar100.Folder, "train");

        FluentActions.Invoking(() => Cifar100.LoadData()).Should().Throw<InvalidDataException>()
            .WithMessage($"CIFAR-100 file {train} holds 6 images*expected 50000*truncated or corrupt*");
    }

    [Fact]
    public void A_truncated_pickle_is_an_error_naming_it()
    {
        using var home = new TempKerasHome();
        home.AddDatasets();
        var test = Path.Combine(home.Datasets, Cifar100.Folder, "test");
        File.WriteAllBytes(test, File.ReadAllBytes(test)[..3000]);

        FluentActions.Invoking(() => Cifar100.LoadData(Offline, "coarse", 6, 4)).Should().Throw<InvalidDataException>()
            .WithMessage($"{test}*truncated or corrupt*");
    }

    [Fact]
    public void Downloads_and_extracts_the_archive_when_absent_and_checks_the_hash()
    {
        using var home = new TempKerasHome();
        var body = Archive();
        var url = LoopbackServer.Serve(body, "cifar-100-python.tar.gz", out var server);

        var loaded = Cifar100.LoadData((url, Convert.ToHexStringLower(MD5.HashData(body))), "coarse", 6, 4);
        server.Join();

        ShouldEqual(loaded, Case("cifar100_coarse"));
        Directory.GetFiles(Path.Combine(home.Datasets, Cifar100.Folder)).Select(Path.GetFileName).Should().BeEquivalentTo("train", "test");
    }

    [Fact]
    public void A_download_with_the_wrong_hash_is_an_error_and_keeps_nothing()
    {
        using var home = new TempKerasHome();
        var url = LoopbackServer.Serve(Archive(), "cifar-100-python.tar.gz", out var server);

        // The MD5 the CIFAR page publishes for the real archive.
        var act = () => Cifar100.LoadData((url, Cifar100.OriginMd5), "fine", 6, 4);

        act.Should().Throw<InvalidDataException>().WithMessage($"*{url} is corrupt*MD5*expected eb9058c3a382ffc7106e4002c42a8d85*");
        server.Join();
        Directory.Exists(home.Datasets).Should().BeFalse("neither the archive, the folder nor the cache folder made for them is kept");
    }

    [Fact]
    public void Keras_origin()
    {
        // keras@2.2.4:keras/datasets/cifar100.py.
        Cifar100.Origin.Should().Be("https://www.cs.toronto.edu/~kriz/cifar-100-python.tar.gz");
        Cifar100.Folder.Should().Be("cifar-100-python");
    }

    /// <summary>The fixture folder as the real archive holds it: cifar-100-python/{train,test}, tarred and gzipped.</summary>
    private static byte[] Archive()
    {
        using var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip))
            foreach (var name in new[] { "train", "test" })
                tar.WriteEntry(Path.Combine(Fixture, name), $"{Cifar100.Folder}/{name}");
        return memory.ToArray();
    }
}
