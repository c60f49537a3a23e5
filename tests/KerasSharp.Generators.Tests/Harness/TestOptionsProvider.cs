using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace KerasSharp.Generators.Tests.Harness;

/// <summary>What MSBuild would hand the generator: RootNamespace and each file's KerasModelClass/KerasModelNamespace.</summary>
internal sealed class TestOptionsProvider : AnalyzerConfigOptionsProvider
{
    private readonly Dictionary<string, Options> _files = new();

    public TestOptionsProvider(string? rootNamespace) =>
        GlobalOptions = new Options(rootNamespace is null ? new() : new() { ["build_property.RootNamespace"] = rootNamespace });

    public override AnalyzerConfigOptions GlobalOptions { get; }

    public TestOptionsProvider WithFile(string path, string? className = null, string? ns = null)
    {
        var values = new Dictionary<string, string>();
        if (className is not null) values["build_metadata.AdditionalFiles.KerasModelClass"] = className;
        if (ns is not null) values["build_metadata.AdditionalFiles.KerasModelNamespace"] = ns;
        _files[path] = new Options(values);
        return this;
    }

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options(new());

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
        _files.TryGetValue(textFile.Path, out var options) ? options : new Options(new());

    private sealed class Options : AnalyzerConfigOptions
    {
        private readonly Dictionary<string, string> _values;
        public Options(Dictionary<string, string> values) => _values = values;
        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => _values.TryGetValue(key, out value);
    }
}
