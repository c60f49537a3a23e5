using System;
using System.Collections.Generic;
using System.Linq;
using KerasSharp.Layers;
using KerasSharp.Saving;
using static TorchSharp.torch;

namespace KerasSharp.Backend;

/// <summary>
/// The backend functions that can be recorded in a graph: Keras's name → the function on real tensors, reading its
/// keyword arguments. A function called on symbolic tensors records a <see cref="BackendOp"/> node under that name, and
/// a saved model's <c>BackendOp</c> layer finds its function here again. The operators of <see cref="KerasTensor"/>
/// record under Keras 3's names (<c>add</c>, <c>subtract</c>, <c>multiply</c>, <c>divide</c>, <c>negative</c>), an
/// operand that is a number kept as the argument <c>x</c> or <c>y</c>.
/// </summary>
public static partial class KerasBackend
{
    private static readonly Dictionary<string, Func<Tensor[], OpArguments, Tensor>> Operations = new()
    {
        ["mean"] = (x, a) => Mean(x[0], a.Axes("axis"), a.Bool("keepdims")),
        ["sum"] = (x, a) => Sum(x[0], a.Axes("axis"), a.Bool("keepdims")),
        ["max"] = (x, a) => Max(x[0], a.Axes("axis"), a.Bool("keepdims")),
        ["min"] = (x, a) => Min(x[0], a.Axes("axis"), a.Bool("keepdims")),
        ["prod"] = (x, a) => Prod(x[0], a.Axes("axis"), a.Bool("keepdims")),
        ["var"] = (x, a) => Var(x[0], a.Axes("axis"), a.Bool("keepdims")),
        ["std"] = (x, a) => Std(x[0], a.Axes("axis"), a.Bool("keepdims")),
        ["square"] = (x, _) => Square(x[0]),
        ["sqrt"] = (x, _) => Sqrt(x[0]),
        ["abs"] = (x, _) => Abs(x[0]),
        ["exp"] = (x, _) => Exp(x[0]),
        ["log"] = (x, _) => Log(x[0]),
        ["sign"] = (x, _) => Sign(x[0]),
        ["pow"] = (x, a) => Pow(x[0], a.Double("a")),
        ["clip"] = (x, a) => Clip(x[0], a.Double("min_value"), a.DoubleOrNull("max_value")),
        ["maximum"] = Binary(Maximum),
        ["minimum"] = Binary(Minimum),
        ["equal"] = Binary(Equal),
        ["not_equal"] = Binary(NotEqual),
        ["greater"] = Binary(Greater),
        ["greater_equal"] = Binary(GreaterEqual),
        ["less"] = Binary(Less),
        ["less_equal"] = Binary(LessEqual),
        ["argmax"] = (x, a) => Argmax(x[0], a.Int("axis")),
        ["argmin"] = (x, a) => Argmin(x[0], a.Int("axis")),
        ["cast"] = (x, a) => Cast(x[0], a.String("dtype")!),
        ["dot"] = (x, _) => Dot(x[0], x[1]),
        ["batch_dot"] = (x, a) => BatchDot(x[0], x[1], a.Has("axes") ? (IntTuple2?)a.Ints("axes") : null),
        ["transpose"] = (x, _) => Transpose(x[0]),
        ["l2_normalize"] = (x, a) => L2Normalize(x[0], a.IntOrNull("axis")),
        ["shape"] = (x, _) => Shape(x[0]),
        ["reshape"] = (x, a) => Reshape(x[0], a.Ints("shape")),
        ["permute_dimensions"] = (x, a) => PermuteDimensions(x[0], a.Ints("pattern")),
        ["expand_dims"] = (x, a) => ExpandDims(x[0], a.Int("axis")),
        ["squeeze"] = (x, a) => Squeeze(x[0], a.Int("axis")),
        ["concatenate"] = (x, a) => Concatenate(x, a.IntOrNull("axis") ?? -1),
        ["stack"] = (x, a) => Stack(x, a.Int("axis")),
        ["flatten"] = (x, _) => Flatten(x[0]),
        ["batch_flatten"] = (x, _) => BatchFlatten(x[0]),
        ["repeat_elements"] = (x, a) => RepeatElements(x[0], a.Int("rep"), a.Int("axis")),
        ["tile"] = (x, a) => Tile(x[0], a.Ints("n")),
        ["one_hot"] = (x, a) => OneHot(x[0], a.Int("num_classes")),
        ["gather"] = (x, _) => Gather(x[0], x[1]),
        ["softmax"] = (x, a) => Softmax(x[0], a.Int("axis")),
        ["relu"] = (x, a) => Relu(x[0], a.Double("alpha"), a.DoubleOrNull("max_value"), a.Double("threshold")),
        ["elu"] = (x, a) => Elu(x[0], a.Double("alpha")),
        ["sigmoid"] = (x, _) => Sigmoid(x[0]),
        ["hard_sigmoid"] = (x, _) => HardSigmoid(x[0]),
        ["tanh"] = (x, _) => Tanh(x[0]),
        ["softplus"] = (x, _) => Softplus(x[0]),
        ["softsign"] = (x, _) => Softsign(x[0]),
        ["categorical_crossentropy"] = (x, a) => CategoricalCrossentropy(x[0], x[1], a.Bool("from_logits"), a.Int("axis")),
        ["sparse_categorical_crossentropy"] = (x, a) => SparseCategoricalCrossentropy(x[0], x[1], a.Bool("from_logits"), a.Int("axis")),
        ["binary_crossentropy"] = (x, a) => BinaryCrossentropy(x[0], x[1], a.Bool("from_logits")),
        ["zeros_like"] = (x, a) => ZerosLike(x[0], a.String("dtype")),
        ["ones_like"] = (x, a) => OnesLike(x[0], a.String("dtype")),
        ["stop_gradient"] = (x, _) => StopGradient(x[0]),
        ["switch"] = (x, _) => Switch(x[0], x[1], x[2]),
        // A symbolic shape argument (K.Shape(x)) is recorded as x, whose shape the values take when the model runs.
        ["random_normal"] = (x, a) => DrawNormal(x[0].shape, a.Double("mean"), a.Double("stddev"), RandomType("random_normal", a.String("dtype")), a.IntOrNull("seed"), x[0].device),
        ["random_uniform"] = (x, a) => DrawUniform(x[0].shape, a.Double("minval"), a.Double("maxval"), RandomType("random_uniform", a.String("dtype")), a.IntOrNull("seed"), x[0].device),
        ["add"] = Binary((x, y) => Elementwise("add", x, y, (a, b) => a + b)),
        ["subtract"] = Binary((x, y) => Elementwise("subtract", x, y, (a, b) => a - b)),
        ["multiply"] = Binary((x, y) => Elementwise("multiply", x, y, (a, b) => a * b)),
        ["divide"] = Binary((x, y) => Elementwise("divide", x, y, (a, b) => a / b)),
        ["negative"] = (x, _) => -x[0],
    };

    /// <summary>The function recorded under <paramref name="name"/>, or null.</summary>
    internal static Func<Tensor[], OpArguments, Tensor>? Operation(string name) => Operations.TryGetValue(name, out var f) ? f : null;

    /// <summary>Records <paramref name="function"/> called on symbolic tensors; its arguments are kept as JSON values.</summary>
    private static KerasTensor Record(string function, KerasTensorList inputs, Dictionary<string, object?>? arguments = null) =>
        new BackendOp(function, (arguments ?? new Dictionary<string, object?>()).ToDictionary(kv => kv.Key, kv => KerasConfig.Plain(KerasConfig.ToToken(kv.Value)))).Apply(inputs);

    /// <summary>Records an element-wise function of two symbolic tensors, after the broadcasting check.</summary>
    internal static KerasTensor RecordBinary(string function, KerasTensor x, KerasTensor y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        CheckBroadcast(function, x.Shape, y.Shape);
        return Record(function, [x, y]);
    }

    /// <summary>Records an element-wise function of a symbolic tensor and a number on its right (<c>x - 2</c>).</summary>
    internal static KerasTensor RecordBinary(string function, KerasTensor x, double y) => Record(function, x, new() { ["y"] = y });

    /// <summary>Records an element-wise function of a number on the left and a symbolic tensor (<c>2 - x</c>).</summary>
    internal static KerasTensor RecordBinary(string function, double x, KerasTensor y) => Record(function, y, new() { ["x"] = x });

    internal static KerasTensor RecordNegative(KerasTensor x) => Record("negative", x);

    /// <summary>An element-wise function of two tensors, or of one and a number recorded as the argument x or y.</summary>
    private static Func<Tensor[], OpArguments, Tensor> Binary(Func<Tensor, Tensor, Tensor> f) => (x, a) =>
        a.DoubleOrNull("x") is double left ? f(Number(left, x[0]), x[0])
        : a.DoubleOrNull("y") is double right ? f(x[0], Number(right, x[0]))
        : f(x[0], x[1]);

    /// <summary>
    /// A number as a scalar tensor beside <paramref name="other"/>, of its type as TensorFlow converts a Python number
    /// (a fraction beside an integer tensor becomes floatx).
    /// </summary>
    private static Tensor Number(double value, Tensor other)
    {
        var type = other.is_floating_point() || value == Math.Floor(value) ? other.dtype : float32;
        return full(Array.Empty<long>(), value, type, other.device);
    }
}
