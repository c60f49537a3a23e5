using System;
using System.Formats.Tar;
using System.IO;
using System.IO.Compression;
using System.Security.Cryptography;
using FluentAssertions;
using KerasSharp.Tests.Harness;
using KerasSharp.Utils;
using Xunit;

namespace KerasSharp.Tests.Utils;

/// <summary>get_file against a server on loopback serving a small archive (tests never reach the network).</summary>
public sealed class DataUtilsTests : IDisposable
{
    private readonly DirectoryInfo _home = Directory.CreateTempSubdirectory("kerassharp-home");
    private readonly string? _previousHome = Environment.GetEnvironmentVariable("KERAS_HOME");

    public DataUtilsTests() => Environment.SetEnvironmentVariable("KERAS_HOME", _home.FullName);

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("KERAS_HOME", _previousHome);
        _home.Delete(recursive: true);
    }

    private static byte[] Archive()
    {
        var source = Directory.CreateTempSubdirectory("kerassharp-src");
        try
        {
            Directory.CreateDirectory(Path.Combine(source.FullName, "toy-batches"));
            File.WriteAllText(Path.Combine(source.FullName, "toy-batches", "data.bin"), "hello");
            using var memory = new MemoryStream();
            using (var gzip = new GZipStream(memory, CompressionLevel.Fastest, leaveOpen: true))
                TarFile.CreateFromDirectory(source.FullName, gzip, includeBaseDirectory: false);
            return memory.ToArray();
        }
        finally
        {
            source.Delete(recursive: true);
        }
    }

    [Fact]
    public void Downloads_checks_md5_and_extracts_into_the_cache()
    {
        var archive = Archive();
        var url = LoopbackServer.Serve(archive, "toy.tar.gz", out var server);

        var path = DataUtils.GetFile("toy-batches", url, untar: true, md5_hash: Convert.ToHexStringLower(MD5.HashData(archive)), verbose: 0);
        server.Join();

        path.Should().Be(Path.Combine(_home.FullName, "datasets", "toy-batches"));
        File.ReadAllText(Path.Combine(path, "data.bin")).Should().Be("hello");
        Directory.GetDirectories(Path.Combine(_home.FullName, "datasets")).Should().ContainSingle("no staging folder is left behind");
        DataUtils.GetFile("toy-batches", "http://127.0.0.1:1/unused", untar: true).Should().Be(path, "a cached folder is not fetched again");
    }

    [Fact]
    public void A_wrong_md5_keeps_nothing_and_says_so()
    {
        var url = LoopbackServer.Serve(Archive(), "toy.tar.gz", out var server);

        var act = () => DataUtils.GetFile("toy-batches", url, untar: true, md5_hash: new string('0', 32), verbose: 0);

        act.Should().Throw<InvalidDataException>().WithMessage("*corrupt*MD5*expected 00000000000000000000000000000000*");
        server.Join();
        Directory.Exists(Path.Combine(_home.FullName, "datasets")).Should().BeFalse("nothing is kept, not even the folder made for it");
    }

    [Fact]
    public void Offline_failure_names_the_folder_to_fill()
    {
        var act = () => DataUtils.GetFile("toy-batches", "http://127.0.0.1:1/none.tar.gz", untar: true, verbose: 0);
        act.Should().Throw<IOException>().WithMessage($"*put the dataset in {Path.Combine(_home.FullName, "datasets")}*");
        Directory.Exists(Path.Combine(_home.FullName, "datasets")).Should().BeFalse("a failed fetch leaves no empty cache folder");
    }

    [Fact]
    public void A_failed_fetch_removes_only_the_folders_it_created()
    {
        var home = Path.Combine(_home.FullName, "new-home");
        Environment.SetEnvironmentVariable("KERAS_HOME", home);
        var act = () => DataUtils.GetFile("toy-batches", "http://127.0.0.1:1/none.tar.gz", untar: true, verbose: 0);
        act.Should().Throw<IOException>();
        Directory.Exists(home).Should().BeFalse("KERAS_HOME itself was created for the fetch");
        Directory.Exists(_home.FullName).Should().BeTrue("a folder that was there before stays");
    }

    [Fact]
    public void A_sha256_file_hash_is_detected_and_checked()
    {
        var body = System.Text.Encoding.ASCII.GetBytes("abc");
        // sha256("abc"), FIPS 180-2's example.
        const string sha256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        var url = LoopbackServer.Serve(body, "abc.txt", out var server);

        var path = DataUtils.GetFile("abc.txt", url, file_hash: sha256, verbose: 0);
        server.Join();

        File.ReadAllText(path).Should().Be("abc");
        DataUtils.ValidateFile(path, sha256).Should().BeTrue();
        DataUtils.ValidateFile(path, "900150983cd24fb0d6963f7d28e17f72").Should().BeTrue("a 32-character hash is an MD5 (md5('abc') from RFC 1321)");
        DataUtils.ValidateFile(path, sha256, algorithm: "md5").Should().BeFalse();
    }

    [Fact]
    public void A_cached_file_with_another_hash_is_downloaded_again()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_home.FullName, "datasets"));
        File.WriteAllText(Path.Combine(folder.FullName, "abc.txt"), "stale");
        var url = LoopbackServer.Serve(System.Text.Encoding.ASCII.GetBytes("abc"), "abc.txt", out var server);

        var path = DataUtils.GetFile("abc.txt", url, file_hash: "900150983cd24fb0d6963f7d28e17f72", verbose: 0);
        server.Join();

        File.ReadAllText(path).Should().Be("abc");
        DataUtils.GetFile("abc.txt", "http://127.0.0.1:1/unused", file_hash: "900150983cd24fb0d6963f7d28e17f72")
            .Should().Be(path, "a cached file with the right hash is not fetched again");
    }

    [Fact]
    public void A_wrong_sha256_keeps_no_file()
    {
        var url = LoopbackServer.Serve(System.Text.Encoding.ASCII.GetBytes("abc"), "abc.txt", out var server);

        var act = () => DataUtils.GetFile("abc.txt", url, file_hash: new string('f', 64), verbose: 0);

        act.Should().Throw<InvalidDataException>().WithMessage("*corrupt*SHA256 is ba7816bf*expected ffff*");
        server.Join();
        Directory.Exists(Path.Combine(_home.FullName, "datasets")).Should().BeFalse();
    }

    [Fact]
    public void An_unknown_hash_algorithm_is_an_error()
    {
        var act = () => DataUtils.GetFile("abc.txt", "http://127.0.0.1:1/unused", file_hash: "00", hash_algorithm: "sha1");
        act.Should().Throw<ArgumentException>().WithParameterName("hash_algorithm").WithMessage("*'sha1'*");
    }
}
