using System;
using System.Formats.Tar;
using System.IO;
using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Threading;
using FluentAssertions;
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

    /// <summary>Serves <paramref name="body"/> once on 127.0.0.1 and returns the URL.</summary>
    private static string Serve(byte[] body, out Thread server)
    {
        var port = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        port.Start();
        var number = ((IPEndPoint)port.LocalEndpoint).Port;
        port.Stop();
        var listener = new HttpListener();
        var url = $"http://127.0.0.1:{number}/toy.tar.gz";
        listener.Prefixes.Add($"http://127.0.0.1:{number}/");
        listener.Start();
        server = new Thread(() =>
        {
            var context = listener.GetContext();
            context.Response.ContentLength64 = body.Length;
            context.Response.OutputStream.Write(body);
            context.Response.Close();
            listener.Stop();
        });
        server.Start();
        return url;
    }

    [Fact]
    public void Downloads_checks_md5_and_extracts_into_the_cache()
    {
        var archive = Archive();
        var url = Serve(archive, out var server);

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
        var url = Serve(Archive(), out var server);

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
}
