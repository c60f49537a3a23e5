using KerasSharp.Generators.Diagnostics;
using KerasSharp.Generators.Infrastructure;

namespace KerasSharp.Generators.Parsing;

/// <summary>A model file, read and normalised; <see cref="Diagnostics"/> holds why it could not be, if so.</summary>
internal sealed record ParsedModel(
    ModelSource Source,
    string? ModelName,
    EquatableArray<ParsedLayer> Layers,
    EquatableArray<DiagnosticInfo> Diagnostics)
{
    public LocationInfo FileStart => LocationInfo.FileStart(Source.Path);
}
