using KerasSharp.Generators.Diagnostics;
using KerasSharp.Generators.Infrastructure;

namespace KerasSharp.Generators.Parsing;

/// <summary>
/// A model file, read and normalised: its root model (null when it could not be read, <see cref="Diagnostics"/> says
/// why) and, for a functional model, its structure (KerasConfigNormalizer.Structure), which the generated FromJson
/// compares with the JSON it reads.
/// </summary>
internal sealed record ParsedModel(
    ModelSource Source,
    ParsedNet? Root,
    EquatableArray<string> Structure,
    EquatableArray<DiagnosticInfo> Diagnostics)
{
    public LocationInfo FileStart => LocationInfo.FileStart(Source.Path);

    public string? ModelName => Root?.Name;

    public EquatableArray<ParsedLayer> Layers => Root?.Layers ?? EquatableArray<ParsedLayer>.Empty;
}
