using System.Collections.Generic;
using System.Linq;
using System.Threading;
using KerasSharp.Generators.Infrastructure;
using Microsoft.CodeAnalysis;

namespace KerasSharp.Generators.Catalog;

/// <summary>
/// Reads the layer catalogue from the declarations themselves: every type carrying [KerasLayer] in KerasSharp.Api,
/// in assemblies that reference it and in the compilation (custom layers), plus the public initializer, regularizer
/// and constraint classes. The same declarations feed the runtime registry, so the two cannot drift apart.
/// </summary>
internal static class CatalogReader
{
    private const string ApiAssembly = "KerasSharp.Api";

    public static LayerCatalog Read(Compilation compilation, CancellationToken cancellationToken)
    {
        var sequential = compilation.GetTypeByMetadataName(LayerCatalog.SequentialType);
        var attribute = compilation.GetTypeByMetadataName(LayerCatalog.LayerAttributeType);
        if (sequential is null || attribute is null)
            return new LayerCatalog(false, EquatableArray<CatalogType>.Empty, EquatableArray<CatalogType>.Empty, EquatableArray<string>.Empty, EquatableArray<string>.Empty);

        var families = LayerCatalog.Families
            .Select(f => (f.Family, Base: compilation.GetTypeByMetadataName(f.MetadataName)))
            .Where(f => f.Base is not null)
            .ToList();
        var layers = new List<CatalogType>();
        var objects = new List<CatalogType>();
        foreach (var assembly in KerasAssemblies(compilation))
        {
            foreach (var type in Types(assembly.GlobalNamespace))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (type.IsAbstract || !IsAccessible(type, compilation)) continue;
                var declaration = type.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attribute));
                if (declaration is { ConstructorArguments.Length: 1 } && declaration.ConstructorArguments[0].Value is string kerasName)
                {
                    var aliases = declaration.NamedArguments.Where(a => a.Key == "Aliases")
                        .SelectMany(a => a.Value.Values.Select(v => v.Value as string))
                        .Where(a => a is not null).Select(a => a!);
                    layers.Add(Describe(type, kerasName, aliases, "Layer"));
                    continue;
                }
                foreach (var (family, baseType) in families)
                    if (DerivesFrom(type, baseType!))
                        objects.Add(Describe(type, type.Name, Enumerable.Empty<string>(), family));
            }
        }
        return new LayerCatalog(true,
            new EquatableArray<CatalogType>(layers.OrderBy(l => l.FullName, System.StringComparer.Ordinal)),
            new EquatableArray<CatalogType>(objects.OrderBy(o => o.FullName, System.StringComparer.Ordinal)),
            MemberNames(sequential), MemberNames(compilation.GetTypeByMetadataName(LayerCatalog.ModelType)));
    }

    /// <summary>The names of the members a class deriving from <paramref name="type"/> inherits.</summary>
    private static EquatableArray<string> MemberNames(ITypeSymbol? type)
    {
        var names = new HashSet<string>();
        for (var t = type; t is not null; t = t.BaseType)
            foreach (var member in t.GetMembers()) names.Add(member.Name);
        return new EquatableArray<string>(names.OrderBy(n => n, System.StringComparer.Ordinal));
    }

    /// <summary>The API assembly, the referenced assemblies that build on it, and the compilation itself.</summary>
    private static IEnumerable<IAssemblySymbol> KerasAssemblies(Compilation compilation)
    {
        yield return compilation.Assembly;
        foreach (var reference in compilation.SourceModule.ReferencedAssemblySymbols)
            if (reference.Name == ApiAssembly || reference.Modules.Any(m => m.ReferencedAssemblies.Any(r => r.Name == ApiAssembly)))
                yield return reference;
    }

    private static IEnumerable<INamedTypeSymbol> Types(INamespaceSymbol ns)
    {
        foreach (var type in ns.GetTypeMembers()) yield return type;
        foreach (var child in ns.GetNamespaceMembers())
            foreach (var type in Types(child)) yield return type;
    }

    private static bool IsAccessible(INamedTypeSymbol type, Compilation compilation) =>
        type.DeclaredAccessibility == Accessibility.Public
        || (SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, compilation.Assembly) && type.DeclaredAccessibility == Accessibility.Internal);

    private static bool DerivesFrom(INamedTypeSymbol type, INamedTypeSymbol baseType)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
            if (SymbolEqualityComparer.Default.Equals(t, baseType)) return true;
        return false;
    }

    private static CatalogType Describe(INamedTypeSymbol type, string kerasName, IEnumerable<string> aliases, string family)
    {
        // The declaration: the constructor marked [KerasConstructor], else the longest (as the runtime's KerasConfig).
        var publicConstructors = type.InstanceConstructors.Where(c => c.DeclaredAccessibility == Accessibility.Public).ToList();
        var ctor = publicConstructors.FirstOrDefault(c => c.GetAttributes().Any(a => a.AttributeClass?.Name == "KerasConstructorAttribute"))
            ?? publicConstructors.OrderByDescending(c => c.Parameters.Length).FirstOrDefault();
        var parameters = ctor?.Parameters.Select(Parameter) ?? Enumerable.Empty<CatalogParameter>();
        return new CatalogType(kerasName, new EquatableArray<string>(aliases),
            type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), family, new EquatableArray<CatalogParameter>(parameters));
    }

    private static CatalogParameter Parameter(IParameterSymbol parameter)
    {
        var type = parameter.Type;
        var nullable = type.NullableAnnotation == NullableAnnotation.Annotated;
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } wrapper)
        {
            type = wrapper.TypeArguments[0];
            nullable = true;
        }
        var name = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated)
            .ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat.WithMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.UseSpecialTypes));
        return new CatalogParameter(parameter.Name, name, nullable, parameter.HasExplicitDefaultValue);
    }
}
