using KerasSharp.Generators.Diagnostics;
using KerasSharp.Generators.Infrastructure;

namespace KerasSharp.Generators.Binding;

/// <summary>
/// A model file bound to the catalogue: the class to emit (null when an error prevents it) and the diagnostics to report.
/// </summary>
internal sealed record BoundModel(
    string FilePath,
    string? Namespace,
    string ClassName,
    string? ModelName,
    string? InputShape,
    EquatableArray<BoundLayer> Layers,
    EquatableArray<DiagnosticInfo> Diagnostics,
    bool CanEmit)
{
    public string FullName => Namespace is null ? ClassName : Namespace + "." + ClassName;
}
