using KerasSharp.Generators.Infrastructure;

namespace KerasSharp.Generators.Binding;

/// <summary>A layer ready to emit: its property, its type and its constructor arguments as C# (<c>filters: 32</c>).</summary>
internal sealed record BoundLayer(string PropertyName, string TypeName, string KerasClassName, string LayerName, EquatableArray<string> Arguments);
