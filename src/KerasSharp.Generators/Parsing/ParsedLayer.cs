using KerasSharp.Generators.Diagnostics;
using KerasSharp.Generators.Infrastructure;

namespace KerasSharp.Generators.Parsing;

/// <summary>
/// A layer entry of the model JSON, normalised (see KerasConfigNormalizer): <see cref="Index"/> numbers every layer of
/// the file in pre-order (a nested model's layers right after it), the order of the saved names; a nested model has
/// its <see cref="Model"/> and no config.
/// </summary>
internal sealed record ParsedLayer(string ClassName, string Name, LocationInfo? Location, EquatableArray<ConfigEntry> Config, int Index = 0, ParsedNet? Model = null);
