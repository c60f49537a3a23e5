using System;
using System.Collections.Generic;
using System.Linq;
using KerasSharp.Backend;
using static TorchSharp.torch;

namespace KerasSharp.Layers;

/// <summary>
/// <c>keras.layers.Lambda(function, output_shape=None, arguments=None)</c>: a C# function as a layer, on one input or a
/// list: <c>Lambda(lambda x: x ** 2)</c> is <c>new Lambda(x => x.square())</c>. <c>arguments</c> are passed to a function
/// that takes them. Without <c>output_shape</c> (which leaves out the batch axis, as in Keras), the output shape is
/// inferred by running the function on shapes alone. <c>output_shape</c> may also be a function of the input shape (the
/// list of shapes, for a list of inputs) that returns the whole output shape, batch axis included, as Keras 2.2.4 calls
/// it: <c>Lambda(euclidean_distance, output_shape=eucl_dist_output_shape)</c> ports as written. Such a function is
/// code, so a saved model does not hold it: the layer is saved with <c>output_shape</c> null and infers its shape
/// when loaded, as Keras with TensorFlow does.
/// </summary>
[KerasLayer("Lambda")]
public sealed class Lambda : Layer
{
    /// <summary>
    /// The declaration a config binds to: Keras 2 writes <c>function_type</c> ("function" for a named function,
    /// "lambda" for marshalled code) and <c>output_shape_type</c> ("raw" for a tuple) beside them.
    /// </summary>
    [KerasConstructor]
    public Lambda(LambdaFunction function, Shape? output_shape = null, IReadOnlyDictionary<string, object?>? arguments = null,
                  Shape? input_shape = null, Shape? batch_input_shape = null, string? name = null, bool trainable = true,
                  string? dtype = null, string function_type = "function", string output_shape_type = "raw")
        : base(name, trainable, input_shape, batch_input_shape, dtype)
    {
        ArgumentNullException.ThrowIfNull(function);
        // An anonymous C# function is saved under the layer's name, which is where loading looks for it.
        Function = function.Name is null ? function.Named(Name) : function;
        OutputShapeArgument = output_shape;
        Arguments = arguments ?? new Dictionary<string, object?>();
        ArgumentValidation.OneOf(nameof(function_type), function_type, "function", "lambda");
        ArgumentValidation.OneOf(nameof(output_shape_type), output_shape_type, "raw");
    }

    /// <summary>Always "function": the function is saved by name.</summary>
    public string FunctionType => "function";

    /// <summary>Always "raw": an output shape is saved as a tuple.</summary>
    public string OutputShapeType => "raw";

    public Lambda(Func<Tensor, Tensor> function, Shape? output_shape = null, IReadOnlyDictionary<string, object?>? arguments = null,
                  Shape? input_shape = null, Shape? batch_input_shape = null, string? name = null, bool trainable = true, string? dtype = null)
        : this(new LambdaFunction(function), output_shape, arguments, input_shape, batch_input_shape, name, trainable, dtype) { }

    public Lambda(Func<Tensor[], Tensor> function, Shape? output_shape = null, IReadOnlyDictionary<string, object?>? arguments = null,
                  Shape? input_shape = null, Shape? batch_input_shape = null, string? name = null, bool trainable = true, string? dtype = null)
        : this(new LambdaFunction(function), output_shape, arguments, input_shape, batch_input_shape, name, trainable, dtype) { }

    public Lambda(Func<Tensor, IReadOnlyDictionary<string, object?>, Tensor> function, Shape? output_shape = null,
                  IReadOnlyDictionary<string, object?>? arguments = null, Shape? input_shape = null, Shape? batch_input_shape = null,
                  string? name = null, bool trainable = true, string? dtype = null)
        : this(new LambdaFunction(function), output_shape, arguments, input_shape, batch_input_shape, name, trainable, dtype) { }

    /// <summary>A function of one input whose <c>output_shape</c> is a function of its input shape (batch axis included).</summary>
    public Lambda(Func<Tensor, Tensor> function, Func<Shape, Shape> output_shape, IReadOnlyDictionary<string, object?>? arguments = null,
                  Shape? input_shape = null, Shape? batch_input_shape = null, string? name = null, bool trainable = true, string? dtype = null)
        : this(new LambdaFunction(function), (Shape?)null, arguments, input_shape, batch_input_shape, name, trainable, dtype)
    {
        ArgumentNullException.ThrowIfNull(output_shape);
        OutputShapeFunction = shapes => shapes.Count == 1 ? output_shape(shapes[0])
            : throw new KerasException($"Lambda layer {Name}: its output_shape function takes one shape; the layer was called on {shapes.Count} inputs.");
    }

    /// <summary>A function of a list of inputs whose <c>output_shape</c> is a function of their shapes (batch axes included).</summary>
    public Lambda(Func<Tensor[], Tensor> function, Func<IReadOnlyList<Shape>, Shape> output_shape, IReadOnlyDictionary<string, object?>? arguments = null,
                  Shape? input_shape = null, Shape? batch_input_shape = null, string? name = null, bool trainable = true, string? dtype = null)
        : this(new LambdaFunction(function), (Shape?)null, arguments, input_shape, batch_input_shape, name, trainable, dtype)
    {
        OutputShapeFunction = output_shape ?? throw new ArgumentNullException(nameof(output_shape));
    }

    public LambdaFunction Function { get; }

    /// <summary>The declared <c>output_shape</c> (batch axis left out), or null to infer it.</summary>
    [KerasName("output_shape")]
    public Shape? OutputShapeArgument { get; }

    /// <summary>
    /// The <c>output_shape</c> given as a function: input shapes (one per input) to the output shape, batch axis
    /// included; null when it is a shape or not given. Not saved (it is code).
    /// </summary>
    public Func<IReadOnlyList<Shape>, Shape>? OutputShapeFunction { get; }

    public IReadOnlyDictionary<string, object?> Arguments { get; }

    protected override void Build(IReadOnlyList<Shape> input_shapes) { }

    protected override Tensor Call(Tensor inputs, bool training) => Call(new[] { inputs }, training)[0];

    protected override Tensor[] Call(Tensor[] inputs, bool training)
    {
        var output = Function.Invoke(inputs, Arguments);
        // A function may return its input (lambda x: x); the layer still returns a tensor of its own.
        return new[] { inputs.Any(x => ReferenceEquals(x, output)) ? output.alias() : output };
    }

    public override Shape ComputeOutputShape(Shape input_shape) => ComputeOutputShapes(new[] { input_shape })[0];

    public override IReadOnlyList<Shape> ComputeOutputShapes(IReadOnlyList<Shape> input_shapes) =>
        OutputShapeArgument is { } declared ? new[] { declared.WithBatch(input_shapes[0][0]) }
            : OutputShapeFunction is { } function ? new[] { function(input_shapes) ?? throw new KerasException($"Lambda layer {Name}: its output_shape function returned null; it must return a shape.") }
            : ShapeInference.Infer(x => new[] { Function.Invoke(x, Arguments) }, input_shapes, $"Lambda layer {Name}");
}
