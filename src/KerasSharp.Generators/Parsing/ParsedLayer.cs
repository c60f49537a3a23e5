using KerasSharp.Generators.Diagnostics;
using KerasSharp.Generators.Infrastructure;

namespace KerasSharp.Generators.Parsing;

/// <summary>A layer entry of the model JSON, normalised (see KerasConfigNormalizer).</summary>
internal sealed record ParsedLayer(string ClassName, string Name, LocationInfo? Location, EquatableArray<ConfigEntry> Config);
