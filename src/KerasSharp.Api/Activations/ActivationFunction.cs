using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Reflection;
using KerasSharp.Saving;
using static TorchSharp.torch;

namespace KerasSharp.Activations;

/// <summary>
/// A Keras activation function, looked up by its declared Keras name (<c>keras.activations.get</c>; the functions are
/// static methods with <see cref="KerasObjectAttribute"/>, such as <see cref="Keras2Activations"/>). Converts implicitly from a
/// string so <c>activation: "elu"</c> ports as written; an unknown name fails with the name in the message.
/// </summary>
public sealed class ActivationFunction
{
    // One instance per declared function, so that activations compare by reference.
    private static readonly ConcurrentDictionary<MethodInfo, ActivationFunction> Instances = new();

    private readonly Func<Tensor, Tensor> _function;

    private ActivationFunction(MethodInfo declaration)
    {
        Name = declaration.GetCustomAttribute<KerasObjectAttribute>()!.Name;
        _function = declaration.CreateDelegate<Func<Tensor, Tensor>>();
    }

    private ActivationFunction(string name, Func<Tensor, Tensor> function)
    {
        Name = name;
        _function = function;
    }

    /// <summary>A function of the user's under a Keras name (what <c>custom_objects</c> maps an activation name to).</summary>
    public static ActivationFunction Custom(string name, Func<Tensor, Tensor> function)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(function);
        return new ActivationFunction(name, function);
    }

    /// <summary>The Keras name, as serialised in a layer config.</summary>
    public string Name { get; }

    /// <summary>Every declared activation name.</summary>
    public static IReadOnlyCollection<string> Names => ObjectRegistry.Names(typeof(ActivationFunction));

    public static ActivationFunction Linear => Get("linear");

    public Tensor Call(Tensor x) => _function(x);

    /// <summary>The built-in relu or elu written over <paramref name="x"/> (the same kernels as <see cref="Call"/>); null for the others.</summary>
    internal Tensor? CallInPlace(Tensor x) =>
        ReferenceEquals(this, Get("relu")) ? nn.functional.relu(x, inplace: true)
        : ReferenceEquals(this, Get("elu")) ? nn.functional.elu(x, 1.0, inplace: true)
        : null;

    /// <summary>Whether <see cref="CallInPlace"/> has a form for this function (whose outputs are then new tensors too).</summary>
    internal bool HasInPlace => ReferenceEquals(this, Get("relu")) || ReferenceEquals(this, Get("elu"));

    /// <summary><c>keras.activations.get</c>: null means linear.</summary>
    public static ActivationFunction Get(string? name)
    {
        if (name is null) return Linear;
        return ObjectRegistry.Find(typeof(ActivationFunction), name) is MethodInfo function
            ? Instances.GetOrAdd(function, f => new ActivationFunction(f))
            : throw ObjectRegistry.Unknown(typeof(ActivationFunction), "activation function", name, "activation");
    }

    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(name))]
    public static implicit operator ActivationFunction?(string? name) => name is null ? null : Get(name);

    /// <summary>Softmax over one axis, Keras 2's definition (keras@2.3.1:keras/activations.py).</summary>
    internal static Tensor Softmax(Tensor x, int axis)
    {
        if (x.dim() < 2)
            throw new ArgumentException($"Cannot apply softmax to a tensor that is 1D. Received input shape: [{string.Join(", ", x.shape)}]", nameof(x));
        return x.softmax(axis);
    }

    public override string ToString() => Name;
}
