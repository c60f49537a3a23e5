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
/// inferred by running the function on shapes alone.
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

    public LambdaFunction Function { get; }

    /// <summary>The declared <c>output_shape</c> (batch axis left out), or null to infer it.</summary>
    [KerasName("output_shape")]
    public Shape? OutputShapeArgument { get; }

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
            : ShapeInference.Infer(x => new[] { Function.Invoke(x, Arguments) }, input_shapes, $"Lambda layer {Name}");
}
