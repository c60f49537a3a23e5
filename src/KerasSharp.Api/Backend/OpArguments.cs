using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace KerasSharp.Backend;

/// <summary>
/// The keyword arguments of a recorded backend operation, as plain JSON values (long, double, bool, string, arrays):
/// the same whether recorded in this process or read from a file, so one reader serves both.
/// </summary>
public sealed class OpArguments
{
    private readonly IReadOnlyDictionary<string, object?> _values;

    public OpArguments(IReadOnlyDictionary<string, object?> values) => _values = values;

    public IReadOnlyDictionary<string, object?> Values => _values;

    private object? Get(string name) => _values.TryGetValue(name, out var v) ? v : null;

    public bool Has(string name) => Get(name) is not null;

    public int Int(string name) => Convert.ToInt32(Get(name) ?? throw Missing(name), CultureInfo.InvariantCulture);

    public int? IntOrNull(string name) => Get(name) is { } v ? Convert.ToInt32(v, CultureInfo.InvariantCulture) : null;

    public double Double(string name) => Convert.ToDouble(Get(name) ?? throw Missing(name), CultureInfo.InvariantCulture);

    public double? DoubleOrNull(string name) => Get(name) is { } v ? Convert.ToDouble(v, CultureInfo.InvariantCulture) : null;

    public bool Bool(string name, bool fallback = false) => Get(name) is { } v ? Convert.ToBoolean(v, CultureInfo.InvariantCulture) : fallback;

    public string? String(string name) => Get(name) as string;

    /// <summary>An axis or a list of axes; null for None.</summary>
    public Axes? Axes(string name) => Get(name) switch
    {
        null => (Axes?)null,
        object?[] list => new Axes(list.Select(v => Convert.ToInt32(v, CultureInfo.InvariantCulture)).ToArray()),
        var v => new Axes(Convert.ToInt32(v, CultureInfo.InvariantCulture)),
    };

    /// <summary>A list of ints (a shape, a pattern, repeats).</summary>
    public int[] Ints(string name) => Get(name) switch
    {
        object?[] list => list.Select(v => Convert.ToInt32(v, CultureInfo.InvariantCulture)).ToArray(),
        null => throw Missing(name),
        var v => new[] { Convert.ToInt32(v, CultureInfo.InvariantCulture) },
    };

    private static KerasException Missing(string name) => new($"A backend operation needs the argument `{name}`.");
}
