using System;

namespace KerasSharp;

/// <summary>
/// Declares a Keras layer: the class name written in <c>model.json</c> (and older aliases). Together with the public
/// constructor, whose parameter names are the Keras config keys, this is the layer's only declaration: the runtime
/// registry, <c>get_config</c>/<c>from_config</c> and the model generator all read it.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class KerasLayerAttribute : Attribute
{
    public KerasLayerAttribute(string className) => ClassName = className;
    public string ClassName { get; }
    public string[] Aliases { get; init; } = Array.Empty<string>();
}
