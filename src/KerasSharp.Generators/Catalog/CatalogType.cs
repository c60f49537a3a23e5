using KerasSharp.Generators.Infrastructure;

namespace KerasSharp.Generators.Catalog;

/// <summary>
/// A declared Keras type as the generator sees it: a layer (its [KerasLayer] name and aliases) or a family object
/// (initializer, regularizer, constraint: its class name), with the parameters of the constructor that
/// <c>from_config</c> uses (the public one with the most parameters, as at run time).
/// </summary>
internal sealed record CatalogType(
    string KerasName,
    EquatableArray<string> Aliases,
    string FullName,
    string Family,
    EquatableArray<CatalogParameter> Parameters);
