using KerasSharp.Generators.Diagnostics;

namespace KerasSharp.Generators.Parsing;

/// <summary>One key of a layer config after normalisation: the value as compact JSON, and where key and value are.</summary>
internal sealed record ConfigEntry(string Key, string Json, LocationInfo? KeyLocation, LocationInfo? ValueLocation);
