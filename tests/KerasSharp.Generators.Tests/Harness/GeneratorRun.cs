using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace KerasSharp.Generators.Tests.Harness;

/// <summary>Runs <see cref="ModelGenerator"/> over model files in an in-memory compilation that references KerasSharp.Api.</summary>
internal static class GeneratorRun
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly Lazy<ImmutableArray<MetadataReference>> Framework = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray());

    /// <summary>The framework, and KerasSharp.Api with what its public surface exposes (TorchSharp, Json.NET) unless <paramref name="withApi"/> is false.</summary>
    public static IEnumerable<MetadataReference> References(bool withApi = true)
    {
        var references = Framework.Value.ToList();
        if (withApi)
            foreach (var assembly in new[] { typeof(KerasSharp.Models.Sequential).Assembly, typeof(TorchSharp.torch).Assembly, typeof(Newtonsoft.Json.JsonConvert).Assembly })
                references.Add(MetadataReference.CreateFromFile(assembly.Location));
        return references;
    }

    public static CSharpCompilation Compilation(IEnumerable<string>? sources = null, bool withApi = true) =>
        CSharpCompilation.Create("Consumer" + Guid.NewGuid().ToString("N"),
            (sources ?? Array.Empty<string>()).Select(s => CSharpSyntaxTree.ParseText(s, ParseOptions)),
            References(withApi),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver Driver(IEnumerable<AdditionalText> files, TestOptionsProvider options) =>
        CSharpGeneratorDriver.Create(
            new[] { new ModelGenerator().AsSourceGenerator() }, files, ParseOptions, options,
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>One model file through the generator: the generated sources, the generator's diagnostics, the output compilation.</summary>
    public static Result Run(string path, string json, string? className = null, string? rootNamespace = "Consumer", bool withApi = true, IEnumerable<string>? sources = null)
    {
        var options = new TestOptionsProvider(rootNamespace).WithFile(path, className);
        var driver = Driver(new[] { new InMemoryAdditionalText(path, json) }, options)
            .RunGeneratorsAndUpdateCompilation(Compilation(sources, withApi), out var output, out var diagnostics);
        var run = driver.GetRunResult();
        return new Result(run.GeneratedTrees.Select(t => t.ToString()).ToList(), diagnostics, output);
    }

    public sealed record Result(IReadOnlyList<string> Sources, ImmutableArray<Diagnostic> Diagnostics, Compilation Output)
    {
        /// <summary>Compiler errors and warnings of the output (the generated code included).</summary>
        public IReadOnlyList<Diagnostic> CompileProblems =>
            Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();

        /// <summary>Emits the output and loads it into this process (its KerasSharp.Api is the one loaded here).</summary>
        public Assembly Load()
        {
            using var stream = new MemoryStream();
            var emit = Output.Emit(stream);
            if (!emit.Success) throw new InvalidOperationException(string.Join("\n", emit.Diagnostics));
            return Assembly.Load(stream.ToArray());
        }
    }
}
