using KerasSharp.Generators.Diagnostics;
using KerasSharp.Generators.Infrastructure;
using KerasSharp.Generators.Parsing;

namespace KerasSharp.Generators.Binding;

/// <summary>
/// A model file bound to the catalogue: the class to emit (null when an error prevents it) and the diagnostics to report.
/// A functional model also has its calls, its output properties and its structure (for FromJson).
/// </summary>
internal sealed record BoundModel(
    string FilePath,
    string? Namespace,
    string ClassName,
    string? ModelName,
    string? InputShape,
    EquatableArray<BoundLayer> Layers,
    EquatableArray<DiagnosticInfo> Diagnostics,
    bool CanEmit,
    BoundNet? Functional = null,
    EquatableArray<string> OutputProperties = default,
    EquatableArray<string> Structure = default)
{
    public string FullName => Namespace is null ? ClassName : Namespace + "." + ClassName;
}

/// <summary>A bound model, the root or a nested one (see <see cref="ParsedNet"/>).</summary>
internal sealed record BoundNet(
    bool IsFunctional,
    string? Name,
    EquatableArray<BoundLayer> Layers,
    EquatableArray<ParsedCall> Calls,
    EquatableArray<ParsedTensor> Inputs,
    EquatableArray<ParsedTensor> Outputs);
