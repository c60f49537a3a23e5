using System;

namespace KerasSharp;

/// <summary>
/// Marks the property that holds a constructor argument when its name is not the mechanical PascalCase of the Keras
/// keyword (C# forbids <c>Activation.Activation</c>, so the layer's <c>activation</c> lives in
/// <c>ActivationFunction</c>). Config writing, the contract tests and the generator read it.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = true)]
public sealed class KerasNameAttribute : Attribute
{
    public KerasNameAttribute(string name) => Name = name;
    public string Name { get; }
}
