using System;

namespace KerasSharp;

/// <summary>
/// Declares a member of a Keras family (optimizer, loss, metric, initializer, regularizer, constraint, activation)
/// under its Keras name and the other names Keras's module registers for it (<c>"mse"</c>, <c>"rmsprop"</c>), as
/// <see cref="KerasLayerAttribute"/> declares a layer. On a class, the public constructor's parameters are the config
/// keys. On a static method, a Keras function: an activation (<c>Tensor f(Tensor)</c>) or a factory whose parameters
/// are its config keys (<c>regularizers.l2(l=0.01)</c>). <see cref="Saving.ObjectRegistry"/> reads these
/// declarations and no other table; a custom object carries the attribute and its assembly is passed to
/// <see cref="Saving.ObjectRegistry.Register"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, Inherited = false)]
public sealed class KerasObjectAttribute : Attribute
{
    public KerasObjectAttribute(string name) => Name = name;

    /// <summary>The name written in configs: the class name, or the function's name.</summary>
    public string Name { get; }

    public string[] Aliases { get; init; } = Array.Empty<string>();
}
