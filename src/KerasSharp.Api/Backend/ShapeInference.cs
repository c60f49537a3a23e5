using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace KerasSharp.Backend;

/// <summary>
/// The output shapes of a tensor function without running it on data, as Keras 3's torch backend infers them: on
/// libtorch's meta device (shapes only), with each unknown axis as 83 and then 89; an axis whose size follows is
/// unknown (<c>None</c>) in the output. An operation without a meta kernel runs on zeros on the CPU instead.
/// </summary>
internal static class ShapeInference
{
    public static IReadOnlyList<Shape> Infer(Func<Tensor[], Tensor[]> function, IReadOnlyList<Shape> inputShapes, string what) =>
        InferSignature(function, inputShapes, null, what).Shapes;

    /// <summary>The output shapes and element types for inputs of these shapes and types (float32 where not given).</summary>
    public static (IReadOnlyList<Shape> Shapes, IReadOnlyList<ScalarType> Dtypes) InferSignature(
        Func<Tensor[], Tensor[]> function, IReadOnlyList<Shape> inputShapes, IReadOnlyList<ScalarType>? inputTypes, string what)
    {
        (long[] Shape, ScalarType Dtype)[] Run(int unknown, Device device)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var inputs = inputShapes.Select((s, i) => zeros(s.ToLongArray(unknown), inputTypes?[i] ?? float32, device)).ToArray();
            return function(inputs).Select(t => (t.shape, t.dtype)).ToArray();
        }
        (long[] Shape, ScalarType Dtype)[] first, second;
        try
        {
            (first, second) = (Run(83, META), Run(89, META));
        }
        catch (ExternalException)
        {
            try
            {
                (first, second) = (Run(83, CPU), Run(89, CPU));
            }
            catch (Exception e) when (e is ExternalException or ArgumentException or InvalidOperationException)
            {
                throw new KerasException($"{what}: could not infer its output shape from inputs of shapes {string.Join(", ", inputShapes)} ({e.Message.Split('\n')[0]}). Give it an `output_shape`.", e);
            }
        }
        var shapes = first.Select((output, i) => new Shape(output.Shape.Select((d, axis) => d == second[i].Shape[axis] ? (int?)d : null).ToArray())).ToList();
        return (shapes, first.Select(output => output.Dtype).ToList());
    }
}
