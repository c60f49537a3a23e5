using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using FluentAssertions;
using Xunit;

namespace KerasSharp.Tests.Packaging;

/// <summary>
/// Packs KerasSharp.sln once (unique prerelease version, isolated build folders) into a temporary folder feed and copies
/// tests/PackageConsumer (a project outside the solution) beside it; deletes both, and that version's folder in the
/// NuGet cache, afterwards.
/// </summary>
public sealed class PackedKerasSharp : IDisposable
{
    public PackedKerasSharp()
    {
        Version = $"0.1.0-test.{Guid.NewGuid():N}"[..24];
        Root = Directory.CreateTempSubdirectory("kerassharp-pack").FullName;
        Consumer = Path.Combine(Root, "consumer");
        Feed = Path.Combine(Consumer, "feed"); // the consumer's NuGet.config names ./feed
        CopyConsumer(Path.Combine(RepoRoot, "tests", "PackageConsumer"), Consumer);
        // The whole solution, as `dotnet pack` at the root does; ArtifactsPath keeps this Release build out of the
        // repository's bin/ and obj/ folders.
        PackOutput = Dotnet.Run(RepoRoot, "pack", Path.Combine(RepoRoot, "KerasSharp.sln"), "-c", "Release",
            "-o", Feed, $"-p:Version={Version}", "-p:UseArtifactsOutput=true", $"-p:ArtifactsPath={Path.Combine(Root, "artifacts")}");
        Package = Path.Combine(Feed, $"KerasSharp.{Version}.nupkg");
    }

    public string Version { get; }
    public string Root { get; }
    public string Consumer { get; }
    public string Feed { get; }
    public string Package { get; }
    public Dotnet.Result PackOutput { get; }

    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "KerasSharp.sln"))) dir = dir.Parent;
            return dir!.FullName;
        }
    }

    public static string NuGetCache => Environment.GetEnvironmentVariable("NUGET_PACKAGES")
        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    private static void CopyConsumer(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            var top = relative.Split(Path.DirectorySeparatorChar)[0];
            if (top is "bin" or "obj" or "feed") continue; // a by-hand run's leftovers
            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
        var cached = Path.Combine(NuGetCache, "kerassharp", Version);
        try { if (Directory.Exists(cached)) Directory.Delete(cached, recursive: true); } catch (IOException) { }
    }
}

/// <summary>
/// docs/packaging.md end to end: the packed KerasSharp restores from a folder feed into a project outside the
/// solution, which builds, trains, and loads tiny.model.json; the GLIBCXX fix and the generator travel with it.
/// </summary>
public sealed class PackageConsumerTests : IClassFixture<PackedKerasSharp>
{
    private const string WeakVersion = "GLIBCXX_3.4.32";
    private readonly PackedKerasSharp _packed;

    public PackageConsumerTests(PackedKerasSharp packed)
    {
        _packed = packed;
        _packed.PackOutput.ExitCode.Should().Be(0, "dotnet pack succeeds:\n" + _packed.PackOutput.Output);
    }

    [Fact]
    public void Solution_packs_only_KerasSharp_with_its_readme()
    {
        Directory.GetFiles(_packed.Feed).Select(Path.GetFileName).Should().Equal($"KerasSharp.{_packed.Version}.nupkg");

        using var zip = ZipFile.OpenRead(_packed.Package);
        NuspecMetadata(zip, "readme").Should().Be("README.md");
        using var readme = new StreamReader(zip.GetEntry("README.md")!.Open());
        readme.ReadToEnd().Should().Be(File.ReadAllText(Path.Combine(PackedKerasSharp.RepoRoot, "src", "KerasSharp.Api", "PACKAGE.md")))
            .And.Contain("-p:KerasSharpBackend=cuda").And.Contain("docs/packaging.md");
    }

    [Fact]
    public void Package_carries_runtime_generator_and_build_files()
    {
        using var zip = ZipFile.OpenRead(_packed.Package);
        var files = zip.Entries.Select(e => e.FullName).ToList();

        files.Should().Contain(new[]
        {
            "lib/net10.0/KerasSharp.Api.dll",
            "lib/net10.0/KerasSharp.Api.xml",
            "analyzers/dotnet/cs/KerasSharp.Generators.dll",
            "analyzers/dotnet/cs/Newtonsoft.Json.dll",
            "buildTransitive/KerasSharp.props",
            "buildTransitive/KerasSharp.targets",
            "buildTransitive/KerasSharp.Backend.props",
            "buildTransitive/KerasSharp.Generators.props",
            "buildTransitive/KerasSharp.NativeLoad.targets",
            "buildTransitive/ElfVersionNeeds.cs",
            "buildTransitive/KerasSharp.RuntimeAssets.targets",
            "build/KerasSharp.props",
            "build/KerasSharp.targets",
        });
        files.Should().NotContain(f => f.StartsWith("lib/", StringComparison.Ordinal) && f.Contains("Generators"),
            "the generator is an analyzer, not a runtime assembly");

        // The packed build files are the repository's own, not copies that could drift.
        foreach (var name in new[] { "KerasSharp.Backend.props", "KerasSharp.Generators.props", "KerasSharp.NativeLoad.targets", "ElfVersionNeeds.cs", "KerasSharp.RuntimeAssets.targets" })
        {
            using var reader = new StreamReader(zip.GetEntry($"buildTransitive/{name}")!.Open());
            reader.ReadToEnd().Should().Be(File.ReadAllText(Path.Combine(PackedKerasSharp.RepoRoot, "build", name)), name);
        }

        // The analyzer's Newtonsoft.Json is the netstandard2.0 build that the compiler can load.
        using (var newtonsoft = zip.GetEntry("analyzers/dotnet/cs/Newtonsoft.Json.dll")!.Open())
        using (var copy = new MemoryStream())
        {
            newtonsoft.CopyTo(copy);
            var expected = Directory.GetFiles(Path.Combine(PackedKerasSharp.NuGetCache, "newtonsoft.json"), "Newtonsoft.Json.dll", SearchOption.AllDirectories)
                .Where(f => f.Replace('\\', '/').Contains("/lib/netstandard2.0/", StringComparison.Ordinal))
                .Select(File.ReadAllBytes);
            expected.Should().Contain(bytes => bytes.SequenceEqual(copy.ToArray()));
        }

        var dependencies = NuspecDependencies(zip);
        dependencies.Keys.Should().BeEquivalentTo("net10.0");
        dependencies["net10.0"].Should().Contain(new[] { "TorchSharp", "libtorch-cpu-linux-x64", "Newtonsoft.Json", "Razorvine.Pickle", "PureHDF", "SkiaSharp", "SkiaSharp.NativeAssets.Linux.NoDependencies" })
            .And.NotContain(d => d.Contains("cuda", StringComparison.OrdinalIgnoreCase) || d.Contains("Generators", StringComparison.Ordinal),
                "CPU is the package's default backend; the generator is no runtime dependency")
            .And.ContainSingle(d => d.StartsWith("libtorch", StringComparison.Ordinal), "no other OS's libtorch");
    }

    [Fact]
    public void Consumer_restores_builds_trains_and_loads_its_model_json()
    {
        var build = Dotnet.Run(_packed.Consumer, "build", "-c", "Release", $"-p:KerasSharpVersion={_packed.Version}");
        build.ExitCode.Should().Be(0, "the consumer builds against the package:\n" + build.Output);
        var output = Path.Combine(_packed.Consumer, "bin", "Release", "net10.0");

        // The restore took KerasSharp from the feed, in exactly this version.
        File.ReadAllText(Path.Combine(_packed.Consumer, "obj", "project.assets.json")).Should().Contain($"\"KerasSharp/{_packed.Version}\"");
        // The generator reached the compiler as an analyzer (with the Newtonsoft.Json beside it).
        var analyzers = Dotnet.Run(_packed.Consumer, "msbuild", "-t:ResolveLockFileAnalyzers", "-getItem:Analyzer", "-p:Configuration=Release", $"-p:KerasSharpVersion={_packed.Version}");
        analyzers.Output.Should().Contain("analyzers/dotnet/cs/KerasSharp.Generators.dll").And.Contain("analyzers/dotnet/cs/Newtonsoft.Json.dll");

        if (OperatingSystem.IsLinux())
        {
            // The package's buildTransitive targets patched the consumer's own copy of the shim (the repository's
            // Directory.Build.targets does not apply there: tests/PackageConsumer has its own).
            var shim = Path.Combine(output, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
            var needs = ElfVersionNeeds.Read(File.ReadAllBytes(shim));
            needs.Should().ContainSingle(n => n.Name == WeakVersion).Which.IsWeak.Should().BeTrue();
            needs.Where(n => n.Name != WeakVersion).Should().OnlyContain(n => !n.IsWeak);
        }
        ShouldHoldOnlyThisMachinesNatives(output);

        var run = Dotnet.Run(output, Path.Combine(output, "PackageConsumer.dll"), Path.Combine(_packed.Root, "consumer-output"));
        run.ExitCode.Should().Be(0, "the consumer's checks pass:\n" + run.Output);
        run.Output.Should().Contain("Total params: 58")
            .And.MatchRegex(@"loss \d\.\d{4} -> \d\.\d{4}, accuracy \d\.\d{3}")
            .And.Contain("ok: the loss went down")
            .And.Contain("ok: ModelFromJson(tiny.model.json) + LoadWeights predicts as the trained model")
            .And.Contain("loaded with ModelFromJson: 2 layers, 58 params")
            .And.Contain("ok: ImageFiles.SaveImg + LoadImg round-trip a PNG")
            .And.Contain("consumer: all checks passed");
        File.Exists(Path.Combine(_packed.Root, "consumer-output", "tiny.weights.h5")).Should().BeTrue();
        run.Output.Should().Contain("loaded through generated class TinyModel: 58 params");
        run.Output.Should().Contain("TinyModel input (None, 4), output (None, 2)");
    }

    /// <summary>
    /// KerasSharp.RuntimeAssets.targets: a framework-dependent publish also holds only this machine's natives, with the
    /// shim patched, and runs; without the trim (its opt-out) the same restore would copy the other RIDs' natives.
    /// </summary>
    [Fact]
    public void Consumer_publishes_with_only_this_machines_natives_and_runs()
    {
        var publishDir = Path.Combine(_packed.Root, "publish");
        var publish = Dotnet.Run(_packed.Consumer, "publish", "-c", "Release", "-o", publishDir, $"-p:KerasSharpVersion={_packed.Version}");
        publish.ExitCode.Should().Be(0, "the consumer publishes:\n" + publish.Output);
        ShouldHoldOnlyThisMachinesNatives(publishDir);
        if (OperatingSystem.IsLinux())
        {
            var shim = Path.Combine(publishDir, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
            ElfVersionNeeds.Read(File.ReadAllBytes(shim)).Should().ContainSingle(n => n.Name == WeakVersion).Which.IsWeak.Should().BeTrue();
        }
        var run = Dotnet.Run(publishDir, Path.Combine(publishDir, "PackageConsumer.dll"), Path.Combine(_packed.Root, "publish-output"));
        run.ExitCode.Should().Be(0, "the published consumer runs:\n" + run.Output);
        run.Output.Should().Contain("consumer: all checks passed");

        RuntimeTargetRids("-p:KerasSharpTrimRuntimeAssets=false").Should().Contain(new[] { "win-x64", "osx-arm64", "linux-arm64" })
            .And.Contain(RuntimeInformation.RuntimeIdentifier);
        RuntimeTargetRids().Should().Equal(RuntimeInformation.RuntimeIdentifier);
    }

    /// <summary>
    /// docs/packaging.md's nuget.config, copied verbatim beside a project with a folder feed, restores KerasSharp; and
    /// its top-level Program.cs needs `using RootNamespace;` for the generated class.
    /// </summary>
    [Fact]
    public void Docs_nuget_config_restores_and_top_level_program_needs_the_root_namespace_using()
    {
        var docs = File.ReadAllText(Path.Combine(PackedKerasSharp.RepoRoot, "docs", "packaging.md"));
        var project = Path.Combine(_packed.Root, "MyApp");
        Directory.CreateDirectory(Path.Combine(project, "feed"));
        File.Copy(_packed.Package, Path.Combine(project, "feed", Path.GetFileName(_packed.Package)));
        File.WriteAllText(Path.Combine(project, "nuget.config"), CodeBlock(docs, "```xml\n<?xml"));
        foreach (var file in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "tiny.model.json" })
            File.Copy(Path.Combine(_packed.Consumer, file), Path.Combine(project, file));
        File.WriteAllText(Path.Combine(project, "MyApp.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>
              <ItemGroup>
                <PackageReference Include="KerasSharp" Version="{_packed.Version}" />
                <AdditionalFiles Include="tiny.model.json" KerasModelClass="TinyModel" />
              </ItemGroup>
            </Project>
            """);
        var program = CodeBlock(docs, "```csharp\nusing KerasSharp.Layers;\nusing MyApp;");
        File.WriteAllText(Path.Combine(project, "Program.cs"), program);

        var compiled = Dotnet.Run(project, "msbuild", "-restore", "-t:Compile");
        compiled.ExitCode.Should().Be(0, "the docs' top-level program compiles against the package:\n" + compiled.Output);
        var assets = File.ReadAllText(Path.Combine(project, "obj", "project.assets.json"));
        assets.Should().Contain($"\"KerasSharp/{_packed.Version}\"").And.Contain(Path.Combine(project, "feed"));

        var usingLine = program.Split('\n').Single(l => l.StartsWith("using MyApp;", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(project, "Program.cs"), program.Replace(usingLine + "\n", "", StringComparison.Ordinal));
        var withoutUsing = Dotnet.Run(project, "msbuild", "-t:Compile");
        withoutUsing.ExitCode.Should().NotBe(0);
        withoutUsing.Output.Should().Contain("error CS0246").And.Contain("'TinyModel'");
    }

    /// <summary>
    /// TorchSharp-cuda-linux is not restorable here, so the GPU side is shown without it: the consumer's GPU block
    /// (docs/packaging.md) is what -p:KerasSharpBackend=cuda restores, its ExcludeAssets line really drops the
    /// package's CPU libtorch, and the package's targets refuse a cuda build whose restore does not match.
    /// </summary>
    [Fact]
    public void Cuda_switch_works_through_the_consumer_block_and_is_guarded()
    {
        var cuda = Dotnet.Run(_packed.Consumer, "msbuild", "-getItem:PackageReference", "-p:KerasSharpBackend=cuda", $"-p:KerasSharpVersion={_packed.Version}");
        cuda.Output.Should().Contain("\"TorchSharp-cuda-linux\"").And.Contain("\"ExcludeAssets\": \"all\"");
        var cpu = Dotnet.Run(_packed.Consumer, "msbuild", "-getItem:PackageReference", $"-p:KerasSharpVersion={_packed.Version}");
        cpu.Output.Should().Contain("\"KerasSharp\"").And.NotContain("cuda").And.NotContain("libtorch");

        // A project with the block's exclusion, restored for real: libtorch-cpu stays in the graph but brings nothing.
        var scratch = Path.Combine(_packed.Root, "exclude-cpu");
        Directory.CreateDirectory(scratch);
        foreach (var stub in new[] { "NuGet.config", "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
            File.Copy(Path.Combine(_packed.Consumer, stub), Path.Combine(scratch, stub));
        File.WriteAllText(Path.Combine(scratch, "NuGet.config"),
            File.ReadAllText(Path.Combine(scratch, "NuGet.config")).Replace("value=\"feed\"", $"value=\"{_packed.Feed}\"", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(scratch, "ExcludeCpu.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
              <ItemGroup>
                <PackageReference Include="KerasSharp" Version="{_packed.Version}" />
                <PackageReference Include="libtorch-cpu-linux-x64" Version="2.10.0" ExcludeAssets="all" />
              </ItemGroup>
            </Project>
            """);
        var restore = Dotnet.Run(scratch, "restore");
        restore.ExitCode.Should().Be(0, restore.Output);
        using (var assets = JsonDocument.Parse(File.ReadAllText(Path.Combine(scratch, "obj", "project.assets.json"))))
        {
            var libtorch = assets.RootElement.GetProperty("targets").GetProperty("net10.0").GetProperty("libtorch-cpu-linux-x64/2.10.0");
            var assetFiles = libtorch.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Object)
                .SelectMany(p => p.Value.EnumerateObject().Select(f => f.Name)).ToList();
            assetFiles.Should().NotBeEmpty().And.OnlyContain(f => f.EndsWith("/_._", StringComparison.Ordinal),
                "ExcludeAssets=all on the direct reference drops the transitive natives (libtorch_cpu.so, ...)");
        }
        File.ReadAllText(Path.Combine(scratch, "obj", "ExcludeCpu.csproj.nuget.g.props")).Should().NotContain("libtorch-cpu", "and its build files");

        // Without the block, -p:KerasSharpBackend=cuda is refused with the lines to add, not silently run on the CPU.
        var refused = Dotnet.Run(scratch, "msbuild", "-t:KerasSharpCheckPackageBackend", "-p:KerasSharpBackend=cuda");
        refused.ExitCode.Should().NotBe(0);
        refused.Output.Should().Contain("-p:KerasSharpBackend=cuda needs TorchSharp-cuda-linux").And.Contain("docs/packaging.md");
        // A cuda build over a CPU restore (--no-restore after a plain build) is refused too.
        Dotnet.Run(_packed.Consumer, "restore", $"-p:KerasSharpVersion={_packed.Version}").ExitCode.Should().Be(0);
        var stale = Dotnet.Run(_packed.Consumer, "msbuild", "-t:KerasSharpCheckPackageBackend", "-p:KerasSharpBackend=cuda", $"-p:KerasSharpVersion={_packed.Version}");
        stale.ExitCode.Should().NotBe(0);
        stale.Output.Should().Contain("the restored packages still bring libtorch-cpu");
        var typo = Dotnet.Run(scratch, "msbuild", "-t:KerasSharpCheckPackageBackend", "-p:KerasSharpBackend=rocm");
        typo.Output.Should().Contain("KerasSharpBackend must be 'cpu' or 'cuda', got 'rocm'.");
    }

    /// <summary>Only this machine's RID under runtimes/ (files and deps.json), so no Windows or macOS natives at all.</summary>
    private static void ShouldHoldOnlyThisMachinesNatives(string output)
    {
        var rid = RuntimeInformation.RuntimeIdentifier;
        Directory.GetDirectories(Path.Combine(output, "runtimes")).Select(Path.GetFileName).Should().Equal(rid);
        Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories).Select(Path.GetFileName)
            .Should().Contain("libtorch_cpu.so")
            .And.NotContain(f => f!.EndsWith(".dylib", StringComparison.Ordinal) || f.EndsWith("LibTorchSharp.dll", StringComparison.Ordinal) || f == "libSkiaSharp.dll");
        using var deps = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "PackageConsumer.deps.json")));
        var depsRids = deps.RootElement.GetProperty("targets").EnumerateObject().SelectMany(t => t.Value.EnumerateObject())
            .Where(l => l.Value.TryGetProperty("runtimeTargets", out _))
            .SelectMany(l => l.Value.GetProperty("runtimeTargets").EnumerateObject().Select(a => a.Value.GetProperty("rid").GetString()))
            .Distinct().ToList();
        depsRids.Should().Equal(rid);
    }

    /// <summary>The RIDs of the consumer's runtimes/ assets that the build would copy.</summary>
    private List<string> RuntimeTargetRids(params string[] properties)
    {
        var items = Dotnet.Run(_packed.Consumer, ["msbuild", "-t:ResolveLockFileCopyLocalFiles", "-getItem:RuntimeTargetsCopyLocalItems",
            "-p:Configuration=Release", $"-p:KerasSharpVersion={_packed.Version}", .. properties]);
        items.ExitCode.Should().Be(0, items.Output);
        using var json = JsonDocument.Parse(items.Output);
        return json.RootElement.GetProperty("Items").GetProperty("RuntimeTargetsCopyLocalItems").EnumerateArray()
            .Select(i => i.GetProperty("RuntimeIdentifier").GetString()!).Distinct().Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The body of the first fenced block of markdown that starts with the given fence and opening lines.</summary>
    private static string CodeBlock(string markdown, string start)
    {
        var from = markdown.IndexOf(start, StringComparison.Ordinal);
        from.Should().BeGreaterThanOrEqualTo(0, $"docs/packaging.md has a block starting {start}");
        var body = markdown.IndexOf('\n', from) + 1;
        return markdown[body..markdown.IndexOf("```", body, StringComparison.Ordinal)];
    }

    private static string? NuspecMetadata(ZipArchive zip, string name)
    {
        using var stream = zip.GetEntry("KerasSharp.nuspec")!.Open();
        return XDocument.Load(stream).Descendants().SingleOrDefault(e => e.Name.LocalName == name)?.Value;
    }

    private static Dictionary<string, List<string>> NuspecDependencies(ZipArchive zip)
    {
        using var stream = zip.GetEntry("KerasSharp.nuspec")!.Open();
        var nuspec = XDocument.Load(stream);
        return nuspec.Descendants().Where(e => e.Name.LocalName == "group").ToDictionary(
            g => (string)g.Attribute("targetFramework")!,
            g => g.Elements().Select(d => (string)d.Attribute("id")!).ToList());
    }
}

/// <summary>Runs the dotnet CLI with build servers off, so no lingering node holds the output pipes open.</summary>
public static class Dotnet
{
    public sealed record Result(int ExitCode, string Output);

    public static Result Run(string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        var isBuild = args.Length > 0 && args[0] is "build" or "pack" or "publish" or "restore" or "msbuild";
        if (isBuild)
        {
            info.ArgumentList.Add("-nodeReuse:false");
            info.ArgumentList.Add("-p:UseSharedCompilation=false");
        }
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        info.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        // The test host's MSBuild settings must not leak into a child build.
        foreach (var name in new[] { "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildExtensionsPath", "MSBuildLoadMicrosoftTargetsReadOnly" })
            info.Environment.Remove(name);

        using var process = new Process { StartInfo = info };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', args)} ran over 5 minutes:\n{output}");
        }
        process.WaitForExit(); // drains the asynchronous readers
        lock (output) return new Result(process.ExitCode, output.ToString());
    }
}
