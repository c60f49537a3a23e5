using KerasSharp.Generators.Infrastructure;

namespace KerasSharp.Generators.Binding;

/// <summary>
/// A layer ready to emit: its property, its type and its constructor arguments as C# (<c>filters: 32</c>).
/// <see cref="Index"/> is its place among the saved names (pre-order); <see cref="IsInput"/> marks an InputLayer of a
/// functional model, whose property is its tensor (<c>Input(...)</c>); a nested model has its <see cref="Model"/>.
/// </summary>
internal sealed record BoundLayer(string PropertyName, string TypeName, string KerasClassName, string LayerName, EquatableArray<string> Arguments,
    int Index = 0, bool IsInput = false, BoundNet? Model = null);
