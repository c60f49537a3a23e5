namespace KerasSharp.Generators.Parsing;

/// <summary>A saved model file to generate from: its path, text and the class it asks for.</summary>
internal sealed record ModelSource(string Path, string Text, string? ClassName, string? Namespace, string? RootNamespace);
