using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace KerasSharp.Activations;

/// <summary>
/// A Keras activation function, looked up by its Keras name (<c>keras.activations.get</c>). Converts implicitly from a
/// string so <c>activation: "elu"</c> ports as written; an unknown name fails with the name in the message.
/// </summary>
public sealed class ActivationFunction
{
    // Keras 2 formulas (keras@2.3.1:keras/activations.py and backend/tensorflow_backend.py).
    private static readonly Dictionary<string, Func<Tensor, Tensor>> Functions = new()
    {
        ["linear"] = x => x.alias(),
        ["elu"] = x => nn.functional.elu(x, 1.0),
        ["relu"] = x => nn.functional.relu(x),
        ["softmax"] = x => Softmax(x, -1),
        ["sigmoid"] = x => x.sigmoid(),
        ["tanh"] = x => x.tanh(),
        ["selu"] = x => nn.functional.selu(x),
        ["softplus"] = x => nn.functional.softplus(x),
        ["softsign"] = x => x / (x.abs() + 1),
        // Keras 2's piecewise-linear sigmoid; Keras 3 changed it to relu6(x + 3) / 6.
        ["hard_sigmoid"] = x => (x * 0.2 + 0.5).clamp(0.0, 1.0),
        ["exponential"] = x => x.exp(),
    };

    private static readonly Dictionary<string, ActivationFunction> Instances =
        Functions.ToDictionary(kv => kv.Key, kv => new ActivationFunction(kv.Key, kv.Value));

    private readonly Func<Tensor, Tensor> _function;

    private ActivationFunction(string name, Func<Tensor, Tensor> function)
    {
        Name = name;
        _function = function;
    }

    /// <summary>The Keras name, as serialised in a layer config.</summary>
    public string Name { get; }

    public static IReadOnlyCollection<string> Names => Functions.Keys;

    public static ActivationFunction Linear => Instances["linear"];

    public Tensor Call(Tensor x) => _function(x);

    /// <summary><c>keras.activations.get</c>: null means linear.</summary>
    public static ActivationFunction Get(string? name)
    {
        if (name is null) return Linear;
        return Instances.TryGetValue(name, out var f) ? f
            : throw new ArgumentException($"Unknown activation function: '{name}'. Known: {string.Join(", ", Functions.Keys)}.", "activation");
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
