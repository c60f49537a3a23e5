using System.Linq;
using KerasSharp.Generators.Infrastructure;

namespace KerasSharp.Generators.Catalog;

/// <summary>
/// Everything the generator needs from the compilation, with no Roslyn symbols in it, so that an edit to unrelated
/// code yields an equal catalogue and the bound models stay cached. The reserved names are the members a generated
/// class inherits: from Sequential, or from Model for a class generated from a functional model.
/// </summary>
internal sealed record LayerCatalog(
    bool ApiReferenced,
    EquatableArray<CatalogType> Layers,
    EquatableArray<CatalogType> Objects,
    EquatableArray<string> ReservedMemberNames,
    EquatableArray<string> ModelReservedMemberNames)
{
    public const string SequentialType = "KerasSharp.Models.Sequential";
    public const string ModelType = "KerasSharp.Models.Model";
    public const string LayerAttributeType = "KerasSharp.KerasLayerAttribute";

    /// <summary>The family base types, by the family name used in <see cref="CatalogType.Family"/>.</summary>
    public static readonly (string Family, string MetadataName)[] Families =
    {
        ("Initializer", "KerasSharp.Initializers.Initializer"),
        ("Regularizer", "KerasSharp.Regularizers.Regularizer"),
        ("Constraint", "KerasSharp.Constraints.Constraint"),
    };

    public CatalogType? Layer(string className) =>
        Layers.FirstOrDefault(l => l.KerasName == className) ?? Layers.FirstOrDefault(l => l.Aliases.Contains(className));

    public CatalogType? Object(string family, string className) =>
        Objects.FirstOrDefault(o => o.Family == family && o.KerasName == className);
}
