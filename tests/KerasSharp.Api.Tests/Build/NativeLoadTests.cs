using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using FluentAssertions;
using TorchSharp;
using KerasSharp.Backend;
using Xunit;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Build;

/// <summary>The GLIBCXX_3.4.32 fix of build/KerasSharp.NativeLoad.targets, and that libtorch really loads.</summary>
public sealed class NativeLoadTests
{
    private const string Version = "GLIBCXX_3.4.32";
    private static readonly string Shim = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");

    [Fact]
    public void Native_library_loads_and_computes()
    {
        KerasBackend.Device.type.Should().Be(cuda.is_available() ? DeviceType.CUDA : DeviceType.CPU);
        using var t = ones(2, 3);
        t.sum().item<float>().Should().Be(6f);
    }

    [Fact]
    public void Build_output_copy_marks_the_GCC13_version_need_weak()
    {
        if (!OperatingSystem.IsLinux()) return; // the fix exists for Linux's loader only
        var needs = ElfVersionNeeds.Read(File.ReadAllBytes(Shim));

        needs.Should().ContainSingle(n => n.Name == Version).Which.IsWeak.Should().BeTrue();
        needs.Where(n => n.Name != Version).Should().OnlyContain(n => !n.IsWeak, "every other version need is left as shipped");
    }

    [Fact]
    public void Package_cache_copy_is_never_touched()
    {
        if (!OperatingSystem.IsLinux()) return;
        var root = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var cached = Path.Combine(root, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        File.Exists(cached).Should().BeTrue($"the restore puts TorchSharp in {root}");

        ElfVersionNeeds.Read(File.ReadAllBytes(cached)).Single(n => n.Name == Version).IsWeak.Should().BeFalse();
    }

    [Fact]
    public void Patch_changes_only_the_flag_and_is_idempotent()
    {
        if (!OperatingSystem.IsLinux()) return;
        var dir = Directory.CreateTempSubdirectory("kerassharp-elf");
        try
        {
            var copy = Path.Combine(dir.FullName, "lib.so");
            var original = File.ReadAllBytes(Shim);
            var need = ElfVersionNeeds.Read(original).Single(n => n.Name == Version);
            original[need.FlagsOffset] &= unchecked((byte)~ElfVersionNeeds.VerFlagWeak); // start from the shipped state
            File.WriteAllBytes(copy, original);
            var versions = new HashSet<string> { Version };

            ElfVersionNeeds.MarkWeak(copy, versions).Should().Be(1);
            ElfVersionNeeds.MarkWeak(copy, versions).Should().Be(0, "a second build finds nothing to do");

            var patched = File.ReadAllBytes(copy);
            var changed = Enumerable.Range(0, original.Length).Where(i => original[i] != patched[i]).ToList();
            changed.Should().Equal(need.FlagsOffset);
            patched[need.FlagsOffset].Should().Be((byte)(original[need.FlagsOffset] | ElfVersionNeeds.VerFlagWeak));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Non_elf_input_is_refused_clearly()
    {
        var act = () => ElfVersionNeeds.Read(new byte[100]);
        act.Should().Throw<InvalidDataException>().WithMessage("not an ELF file");
    }
}
