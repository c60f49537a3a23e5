using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace KerasSharp.Layers;

/// <summary>
/// The C# function of a <see cref="Lambda"/> layer: of one input, of a list of inputs, or of one input and the layer's
/// <c>arguments</c>. Its <see cref="Name"/> is what a saved model records (<c>"function"</c>): the method's name, or the
/// one given. A model file never supplies the code: loading asks for the function by that name (or the layer's) in
/// <c>custom_objects</c>.
/// </summary>
public sealed class LambdaFunction
{
    private readonly Func<Tensor[], IReadOnlyDictionary<string, object?>, Tensor> _call;

    private LambdaFunction(Delegate function, Func<Tensor[], IReadOnlyDictionary<string, object?>, Tensor> call, string? name)
    {
        ArgumentNullException.ThrowIfNull(function);
        _call = call;
        // A lambda expression's method has a compiler-made name such as "<Main>b__0_0": not a name to save.
        Name = name ?? (function.Method.Name.Contains('<') ? null : function.Method.Name);
    }

    public LambdaFunction(Func<Tensor, Tensor> function, string? name = null)
        : this(function, (x, _) => function(Single(x)), name) { }

    public LambdaFunction(Func<Tensor[], Tensor> function, string? name = null)
        : this(function, (x, _) => function(x), name) { }

    public LambdaFunction(Func<Tensor, IReadOnlyDictionary<string, object?>, Tensor> function, string? name = null)
        : this(function, (x, arguments) => function(Single(x), arguments), name) { }

    /// <summary>The saved name; null for an anonymous function (the layer's name is saved then).</summary>
    public string? Name { get; }

    /// <summary>The same function under another name.</summary>
    internal LambdaFunction Named(string name) => new(this, name);

    private LambdaFunction(LambdaFunction other, string name)
    {
        _call = other._call;
        Name = name;
    }

    internal Tensor Invoke(Tensor[] inputs, IReadOnlyDictionary<string, object?> arguments) => _call(inputs, arguments);

    private static Tensor Single(Tensor[] inputs) =>
        inputs.Length == 1 ? inputs[0] : throw new KerasException($"This Lambda function takes one tensor; it was called on {inputs.Length}: give it a Func<Tensor[], Tensor>.");

    public static implicit operator LambdaFunction(Func<Tensor, Tensor> function) => new(function);
    public static implicit operator LambdaFunction(Func<Tensor[], Tensor> function) => new(function);
}
