using System;
using System.Collections.Generic;
using KerasSharp.Backend;
using static TorchSharp.torch;

namespace KerasSharp.Layers;

/// <summary>
/// A backend function called on symbolic tensors (<c>K.mean(x, axis=1)</c> on a layer's output), recorded as a layer
/// of the graph, as Keras 3's operations are: the function's name and keyword arguments are its config, so a model
/// with one saves and loads (by KerasSharp; Keras itself needs a Lambda there). The name is Keras's function name,
/// numbered: <c>mean_1</c>.
/// </summary>
[KerasLayer("BackendOp")]
public sealed class BackendOp : Layer
{
    private readonly Func<Tensor[], OpArguments, Tensor> _function;

    public BackendOp(string function, IReadOnlyDictionary<string, object?>? arguments = null, string? name = null,
                     bool trainable = true, string? dtype = null)
        : base(name ?? KerasBackend.UniqueName(function ?? throw new ArgumentNullException(nameof(function))), trainable, null, null, dtype)
    {
        _function = KerasBackend.Operation(function)
            ?? throw new ArgumentException($"Unknown backend function: '{function}'.", nameof(function));
        Function = function;
        Arguments = arguments ?? new Dictionary<string, object?>();
    }

    /// <summary>The backend function's Keras name, e.g. <c>mean</c>.</summary>
    public string Function { get; }

    /// <summary>Its keyword arguments, as plain JSON values.</summary>
    public IReadOnlyDictionary<string, object?> Arguments { get; }

    protected override void Build(IReadOnlyList<Shape> input_shapes) { }

    protected override Tensor Call(Tensor inputs, bool training) => Call(new[] { inputs }, training)[0];

    protected override Tensor[] Call(Tensor[] inputs, bool training)
    {
        var output = _function(inputs, new OpArguments(Arguments));
        return new[] { Array.Exists(inputs, x => ReferenceEquals(x, output)) ? output.alias() : output };
    }

    public override Shape ComputeOutputShape(Shape input_shape) => ComputeOutputShapes(new[] { input_shape })[0];

    public override IReadOnlyList<Shape> ComputeOutputShapes(IReadOnlyList<Shape> input_shapes) =>
        ShapeInference.Infer(x => new[] { _function(x, new OpArguments(Arguments)) }, input_shapes, $"K.{Function} ({Name})");
}
