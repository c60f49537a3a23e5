using System.Linq;
using KerasSharp.Generators.Infrastructure;
using Microsoft.CodeAnalysis;

namespace KerasSharp.Generators.Diagnostics;

/// <summary>A diagnostic to report, as plain values (descriptor ID, place, message arguments).</summary>
internal sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments) =>
        new(descriptor.Id, location, new EquatableArray<string>(arguments));

    public Diagnostic ToDiagnostic() =>
        Diagnostic.Create(Descriptors.ById(Id), Location?.ToLocation() ?? Microsoft.CodeAnalysis.Location.None, Arguments.Cast<object>().ToArray());
}
