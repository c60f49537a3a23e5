namespace KerasSharp.Generators.Catalog;

/// <summary>
/// One constructor parameter of a declared type: its Keras keyword and its C# type, written fully qualified and
/// without the nullable mark (<c>int</c>, <c>global::KerasSharp.IntTuple2</c>, <c>long[]</c>).
/// </summary>
internal sealed record CatalogParameter(string Name, string Type, bool IsNullable, bool HasDefault);
