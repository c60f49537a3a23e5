using System;
using System.Linq;
using static TorchSharp.torch;

namespace KerasSharp.Backend;

/// <summary>
/// Keras 2.2.4's backend math (keras/backend/tensorflow_backend.py), on real tensors and, recorded as graph nodes,
/// on symbolic ones: <c>K.mean(x, axis=1)</c> is <c>K.Mean(x, axis: 1)</c> with <c>using K = KerasSharp.Backend.KerasBackend;</c>.
/// Reductions take <c>axis</c> as one axis, several (<c>axis: (1, 2)</c>) or null for all.
/// </summary>
public static partial class KerasBackend
{
    /// <summary><c>K.mean(x, axis=None, keepdims=False)</c>; a bool tensor counts as floatx, an integer one divides as integers.</summary>
    public static Tensor Mean(Tensor x, Axes? axis = null, bool keepdims = false)
    {
        var dims = ReductionAxes("mean", axis, (int)x.dim());
        if (x.dtype == ScalarType.Bool) x = x.to_type(float32);
        if (x.is_floating_point()) return x.mean(dims, keepdim: keepdims);
        var count = dims.Aggregate(1L, (n, d) => n * x.shape[d]);
        return x.sum(dims, keepdim: keepdims, type: x.dtype).div(count, rounding_mode: RoundingMode.trunc);
    }

    public static KerasTensor Mean(KerasTensor x, Axes? axis = null, bool keepdims = false) =>
        Record("mean", x, new() { ["axis"] = ReductionArgument("mean", x, axis), ["keepdims"] = keepdims });

    /// <summary><c>K.sum(x, axis=None, keepdims=False)</c>; an integer tensor keeps its type.</summary>
    public static Tensor Sum(Tensor x, Axes? axis = null, bool keepdims = false) =>
        x.sum(ReductionAxes("sum", axis, (int)x.dim()), keepdim: keepdims, type: IntegerType(x));

    public static KerasTensor Sum(KerasTensor x, Axes? axis = null, bool keepdims = false) =>
        Record("sum", x, new() { ["axis"] = ReductionArgument("sum", x, axis), ["keepdims"] = keepdims });

    /// <summary><c>K.max(x, axis=None, keepdims=False)</c>.</summary>
    public static Tensor Max(Tensor x, Axes? axis = null, bool keepdims = false) =>
        x.amax(ReductionAxes("max", axis, (int)x.dim()), keepdim: keepdims);

    public static KerasTensor Max(KerasTensor x, Axes? axis = null, bool keepdims = false) =>
        Record("max", x, new() { ["axis"] = ReductionArgument("max", x, axis), ["keepdims"] = keepdims });

    /// <summary><c>K.min(x, axis=None, keepdims=False)</c>.</summary>
    public static Tensor Min(Tensor x, Axes? axis = null, bool keepdims = false) =>
        x.amin(ReductionAxes("min", axis, (int)x.dim()), keepdim: keepdims);

    public static KerasTensor Min(KerasTensor x, Axes? axis = null, bool keepdims = false) =>
        Record("min", x, new() { ["axis"] = ReductionArgument("min", x, axis), ["keepdims"] = keepdims });

    /// <summary><c>K.prod(x, axis=None, keepdims=False)</c>; an integer tensor keeps its type.</summary>
    public static Tensor Prod(Tensor x, Axes? axis = null, bool keepdims = false)
    {
        var dims = ReductionAxes("prod", axis, (int)x.dim());
        var type = IntegerType(x);
        if (dims.Length == 0) return x.prod(type);
        // libtorch reduces one axis at a time; from the last, so the others keep their numbers.
        var result = x;
        foreach (var d in dims.OrderByDescending(d => d)) result = result.prod(d, keepdims, type);
        return result;
    }

    public static KerasTensor Prod(KerasTensor x, Axes? axis = null, bool keepdims = false) =>
        Record("prod", x, new() { ["axis"] = ReductionArgument("prod", x, axis), ["keepdims"] = keepdims });

    /// <summary><c>K.var(x, axis=None, keepdims=False)</c>: the biased variance, mean((x − mean(x))²).</summary>
    public static Tensor Var(Tensor x, Axes? axis = null, bool keepdims = false)
    {
        if (x.dtype == ScalarType.Bool) x = x.to_type(float32);
        var m = Mean(x, axis, keepdims: true);
        return Mean((x - m).square(), axis, keepdims);
    }

    public static KerasTensor Var(KerasTensor x, Axes? axis = null, bool keepdims = false) =>
        Record("var", x, new() { ["axis"] = ReductionArgument("var", x, axis), ["keepdims"] = keepdims });

    /// <summary><c>K.std(x, axis=None, keepdims=False)</c>: the square root of the biased <see cref="Var(Tensor, Axes?, bool)"/>.</summary>
    public static Tensor Std(Tensor x, Axes? axis = null, bool keepdims = false) => Var(x, axis, keepdims).sqrt();

    public static KerasTensor Std(KerasTensor x, Axes? axis = null, bool keepdims = false) =>
        Record("std", x, new() { ["axis"] = ReductionArgument("std", x, axis), ["keepdims"] = keepdims });

    /// <summary><c>K.square(x)</c>.</summary>
    public static Tensor Square(Tensor x) => x.square();

    public static KerasTensor Square(KerasTensor x) => Record("square", x);

    /// <summary><c>K.sqrt(x)</c>: negative values are clipped to 0 first.</summary>
    public static Tensor Sqrt(Tensor x) => x.clamp_min(0.0).sqrt();

    public static KerasTensor Sqrt(KerasTensor x) => Record("sqrt", x);

    /// <summary><c>K.abs(x)</c>.</summary>
    public static Tensor Abs(Tensor x) => x.abs();

    public static KerasTensor Abs(KerasTensor x) => Record("abs", x);

    /// <summary><c>K.exp(x)</c>.</summary>
    public static Tensor Exp(Tensor x) => x.exp();

    public static KerasTensor Exp(KerasTensor x) => Record("exp", x);

    /// <summary><c>K.log(x)</c>.</summary>
    public static Tensor Log(Tensor x) => x.log();

    public static KerasTensor Log(KerasTensor x) => Record("log", x);

    /// <summary><c>K.sign(x)</c>: −1, 0 or 1.</summary>
    public static Tensor Sign(Tensor x) => x.sign();

    public static KerasTensor Sign(KerasTensor x) => Record("sign", x);

    /// <summary><c>K.pow(x, a)</c>.</summary>
    public static Tensor Pow(Tensor x, double a) => x.pow(a);

    public static KerasTensor Pow(KerasTensor x, double a) => Record("pow", x, new() { ["a"] = a });

    /// <summary>
    /// <c>K.clip(x, min_value, max_value)</c>: a <paramref name="max_value"/> below <paramref name="min_value"/> is raised
    /// to it, and none means no upper bound.
    /// </summary>
    public static Tensor Clip(Tensor x, double min_value, double? max_value)
    {
        var upper = max_value is double m ? Math.Max(m, min_value) : double.PositiveInfinity;
        return x.clamp(min_value, upper);
    }

    public static KerasTensor Clip(KerasTensor x, double min_value, double? max_value) =>
        Record("clip", x, new() { ["min_value"] = min_value, ["max_value"] = max_value });

    /// <summary><c>K.maximum(x, y)</c>, element-wise with broadcasting.</summary>
    public static Tensor Maximum(Tensor x, Tensor y) => Elementwise("maximum", x, y, maximum);

    public static KerasTensor Maximum(KerasTensor x, KerasTensor y) => RecordBinary("maximum", x, y);

    public static KerasTensor Maximum(KerasTensor x, double y) => RecordBinary("maximum", x, y);

    /// <summary><c>K.minimum(x, y)</c>, element-wise with broadcasting.</summary>
    public static Tensor Minimum(Tensor x, Tensor y) => Elementwise("minimum", x, y, minimum);

    public static KerasTensor Minimum(KerasTensor x, KerasTensor y) => RecordBinary("minimum", x, y);

    public static KerasTensor Minimum(KerasTensor x, double y) => RecordBinary("minimum", x, y);

    /// <summary><c>K.argmax(x, axis=-1)</c>: int64 indices.</summary>
    public static Tensor Argmax(Tensor x, int axis = -1) => x.argmax(CheckAxis("argmax", axis, (int)x.dim()));

    public static KerasTensor Argmax(KerasTensor x, int axis = -1)
    {
        CheckAxis("argmax", axis, x.Shape.Rank);
        return Record("argmax", x, new() { ["axis"] = axis });
    }

    /// <summary><c>K.argmin(x, axis=-1)</c>: int64 indices.</summary>
    public static Tensor Argmin(Tensor x, int axis = -1) => x.argmin(CheckAxis("argmin", axis, (int)x.dim()));

    public static KerasTensor Argmin(KerasTensor x, int axis = -1)
    {
        CheckAxis("argmin", axis, x.Shape.Rank);
        return Record("argmin", x, new() { ["axis"] = axis });
    }

    /// <summary><c>K.equal(x, y)</c>: a bool tensor.</summary>
    public static Tensor Equal(Tensor x, Tensor y) => Elementwise("equal", x, y, (a, b) => a.eq(b));

    public static KerasTensor Equal(KerasTensor x, KerasTensor y) => RecordBinary("equal", x, y);

    public static KerasTensor Equal(KerasTensor x, double y) => RecordBinary("equal", x, y);

    /// <summary><c>K.not_equal(x, y)</c>: a bool tensor.</summary>
    public static Tensor NotEqual(Tensor x, Tensor y) => Elementwise("not_equal", x, y, (a, b) => a.ne(b));

    public static KerasTensor NotEqual(KerasTensor x, KerasTensor y) => RecordBinary("not_equal", x, y);

    public static KerasTensor NotEqual(KerasTensor x, double y) => RecordBinary("not_equal", x, y);

    /// <summary><c>K.greater(x, y)</c>: a bool tensor.</summary>
    public static Tensor Greater(Tensor x, Tensor y) => Elementwise("greater", x, y, (a, b) => a.gt(b));

    public static KerasTensor Greater(KerasTensor x, KerasTensor y) => RecordBinary("greater", x, y);

    public static KerasTensor Greater(KerasTensor x, double y) => RecordBinary("greater", x, y);

    /// <summary><c>K.greater_equal(x, y)</c>: a bool tensor.</summary>
    public static Tensor GreaterEqual(Tensor x, Tensor y) => Elementwise("greater_equal", x, y, (a, b) => a.ge(b));

    public static KerasTensor GreaterEqual(KerasTensor x, KerasTensor y) => RecordBinary("greater_equal", x, y);

    public static KerasTensor GreaterEqual(KerasTensor x, double y) => RecordBinary("greater_equal", x, y);

    /// <summary><c>K.less(x, y)</c>: a bool tensor.</summary>
    public static Tensor Less(Tensor x, Tensor y) => Elementwise("less", x, y, (a, b) => a.lt(b));

    public static KerasTensor Less(KerasTensor x, KerasTensor y) => RecordBinary("less", x, y);

    public static KerasTensor Less(KerasTensor x, double y) => RecordBinary("less", x, y);

    /// <summary><c>K.less_equal(x, y)</c>: a bool tensor.</summary>
    public static Tensor LessEqual(Tensor x, Tensor y) => Elementwise("less_equal", x, y, (a, b) => a.le(b));

    public static KerasTensor LessEqual(KerasTensor x, KerasTensor y) => RecordBinary("less_equal", x, y);

    public static KerasTensor LessEqual(KerasTensor x, double y) => RecordBinary("less_equal", x, y);

    /// <summary><c>K.cast(x, dtype)</c>: <paramref name="dtype"/> is a Keras name such as <c>'float32'</c>, <c>'int32'</c>, <c>'bool'</c>.</summary>
    public static Tensor Cast(Tensor x, string dtype) => x.to_type(Dtypes.Parse(dtype, nameof(dtype)));

    /// <summary>
    /// <c>K.cast(x, dtype)</c> with another tensor's type, as Keras takes a tensor's <c>dtype</c>:
    /// <c>K.cast(y_pred &lt; 0.5, y_true.dtype)</c> → <c>K.Cast(y_pred &lt; 0.5, y_true.dtype)</c>.
    /// </summary>
    public static Tensor Cast(Tensor x, ScalarType dtype) => x.to_type(dtype);

    public static KerasTensor Cast(KerasTensor x, string dtype)
    {
        Dtypes.Parse(dtype, nameof(dtype));
        return Record("cast", x, new() { ["dtype"] = dtype });
    }

    /// <summary>The type an integer tensor keeps through a sum or product (libtorch would widen it to int64).</summary>
    private static ScalarType? IntegerType(Tensor x) => x.is_floating_point() || x.dtype == ScalarType.Bool ? null : x.dtype;

    private static Tensor Elementwise(string function, Tensor x, Tensor y, Func<Tensor, Tensor, Tensor> f)
    {
        CheckBroadcast(function, ShapeOf(x), ShapeOf(y));
        return f(x, y);
    }

    /// <summary>A reduction's <c>axis</c>, checked against the symbolic tensor's rank.</summary>
    private static Axes? ReductionArgument(string function, KerasTensor x, Axes? axis)
    {
        ReductionAxes(function, axis, x.Shape.Rank);
        return axis;
    }
}
