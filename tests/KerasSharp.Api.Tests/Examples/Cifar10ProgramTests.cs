using System;
using System.Diagnostics;
using System.IO;
using FluentAssertions;
using Xunit;

namespace KerasSharp.Tests.Examples;

/// <summary>
/// The example as a user runs it (its own process): what it prints and its exit code when something the user can fix
/// is wrong. The network is closed by an unreachable proxy, so nothing is ever downloaded.
/// </summary>
public sealed class Cifar10ProgramTests : IDisposable
{
    private readonly DirectoryInfo _home = Directory.CreateTempSubdirectory("kerassharp-user");

    public void Dispose() => _home.Delete(recursive: true);

    private (int Code, string Out, string Err) Run(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Cifar10.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["HOME"] = _home.FullName;
        start.Environment.Remove("KERAS_HOME");
        start.Environment["https_proxy"] = start.Environment["HTTPS_PROXY"] = "http://127.0.0.1:9";
        start.Environment["http_proxy"] = start.Environment["HTTP_PROXY"] = "http://127.0.0.1:9";
        start.WorkingDirectory = _home.FullName;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr);
    }

    [Fact]
    public void No_data_and_no_network_is_one_sentence_exit_1_and_nothing_left_behind()
    {
        var (code, _, err) = Run("--quick");

        code.Should().Be(1);
        err.Trim().Should().StartWith("Could not download https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz")
            .And.Contain($"put the dataset in {Path.Combine(_home.FullName, ".keras", "datasets")}");
        err.Trim().Split('\n').Should().ContainSingle("the sentence alone, no stack trace");
        Directory.Exists(Path.Combine(_home.FullName, ".keras")).Should().BeFalse("no empty ~/.keras/datasets is left");
        Directory.Exists(Path.Combine(_home.FullName, "output")).Should().BeFalse();
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Help_prints_the_usage_and_exits_0(string flag)
    {
        var (code, output, err) = Run(flag);
        code.Should().Be(0);
        output.Should().StartWith("usage: dotnet run --project examples/Cifar10").And.Contain("--quick");
        err.Should().BeEmpty();
    }

    [Fact]
    public void Cuda_where_libtorch_has_none_is_one_line()
    {
        var (code, _, err) = Run("--quick", "--device", "cuda");
        code.Should().Be(1);
        if (TorchSharp.torch.cuda.is_available())
            err.Trim().Should().StartWith("Could not download", "with a GPU the device is accepted and the run goes on to the data");
        else
            err.Trim().Should().Be("device='cuda' asks for CUDA, but libtorch sees no CUDA device: this is a CPU build (build with -p:KerasSharpBackend=cuda) or the machine has no usable NVIDIA GPU.");
    }

    [Fact]
    public void An_unknown_option_is_exit_2_with_the_usage()
    {
        var (code, _, err) = Run("--epoch", "3");
        code.Should().Be(2);
        err.Should().StartWith("Unknown option '--epoch'. usage:");
    }
}
