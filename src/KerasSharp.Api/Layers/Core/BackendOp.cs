using System;
using System.Collections.Generic;
using System.Linq;
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
        ShapeInference.Infer(Run, input_shapes, What);

    // The inputs' dtypes matter (K.gather needs integer indices, K.argmax makes int64), so a symbolic call infers
    // with them rather than through ComputeOutputShapes, which knows shapes only.
    private protected override (IReadOnlyList<Shape> Shapes, IReadOnlyList<string>? Dtypes) ComputeOutputSignature(IReadOnlyList<KerasTensor> inputs)
    {
        var shapes = inputs.Select(t => t.Shape).ToList();
        var (outputShapes, outputTypes) = ShapeInference.InferSignature(Run, shapes, inputs.Select(t => Dtypes.Parse(t.Dtype, "dtype")).ToList(), What);
        if (!Built) SetBuilt(shapes, outputShapes);
        return (outputShapes, outputTypes.Select(Dtypes.Name).ToList());
    }

    private Tensor[] Run(Tensor[] inputs) => new[] { _function(inputs, new OpArguments(Arguments)) };

    private string What => $"K.{Function} ({Name})";
}
