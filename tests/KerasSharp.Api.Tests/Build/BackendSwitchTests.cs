using System;
using System.Diagnostics;
using System.IO;
using FluentAssertions;
using Xunit;

namespace KerasSharp.Tests.Build;

/// <summary>
/// What -p:KerasSharpBackend resolves to. TorchSharp-cuda-linux is not restorable here, so this evaluates the
/// project's package references without restoring (dotnet msbuild -getItem).
/// </summary>
public sealed class BackendSwitchTests
{
    private static string ApiProject
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "KerasSharp.sln"))) dir = dir.Parent;
            return Path.Combine(dir!.FullName, "src", "KerasSharp.Api", "KerasSharp.Api.csproj");
        }
    }

    private static string PackageReferences(string backend)
    {
        var info = new ProcessStartInfo("dotnet", $"msbuild \"{ApiProject}\" -getItem:PackageReference -p:KerasSharpBackend={backend}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return output;
    }

    [Fact]
    public void Cpu_is_the_default_with_only_this_OS_libtorch()
    {
        var items = PackageReferences("cpu");
        items.Should().Contain("\"TorchSharp\"").And.NotContain("TorchSharp-cuda-linux").And.NotContain("\"TorchSharp-cpu\"");
        if (OperatingSystem.IsLinux())
            items.Should().Contain("libtorch-cpu-linux-x64").And.NotContain("libtorch-cpu-win-x64").And.NotContain("libtorch-cpu-osx-arm64");
    }

    [Fact]
    public void Cuda_switch_references_TorchSharp_cuda_linux_instead()
    {
        var items = PackageReferences("cuda");
        items.Should().Contain("TorchSharp-cuda-linux").And.NotContain("libtorch-cpu");
    }
}
