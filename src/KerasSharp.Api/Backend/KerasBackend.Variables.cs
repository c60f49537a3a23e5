using System;
using System.Linq;
using static TorchSharp.torch;

namespace KerasSharp.Backend;

/// <summary>
/// Keras 2.2.4's tensors made from values (<c>K.variable</c>, <c>K.constant</c>, <c>K.zeros</c>, random ones) and
/// <c>K.get_value</c>/<c>K.set_value</c>. A variable is a TorchSharp tensor on the model's device that
/// <see cref="SetValue(Tensor, Tensor)"/> overwrites in place; a layer's weights are <see cref="KerasVariable"/>s.
/// </summary>
public static partial class KerasBackend
{
    /// <summary><c>K.variable(value, dtype=None)</c>: a copy of <paramref name="value"/> on the model's device, floatx by default.</summary>
    public static Tensor Variable(Tensor value, string? dtype = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.to(Dtypes.Parse(dtype ?? FloatXName, nameof(dtype)), Device, copy: true).detach();
    }

    /// <summary>
    /// <c>K.constant(value, dtype=None, shape=None)</c>: with a <paramref name="shape"/>, a single value fills it, and
    /// a list shorter than the shape is padded with its last value (TensorFlow 1's rule).
    /// </summary>
    public static Tensor Constant(Tensor value, string? dtype = null, KerasSharp.Shape? shape = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        var type = Dtypes.Parse(dtype ?? FloatXName, nameof(dtype));
        if (shape is null) return value.to(type, Device, copy: true).detach();
        var target = CheckShape("constant", shape);
        var size = target.Aggregate(1L, (p, d) => p * d);
        var flat = value.detach().flatten().to(type, Device, copy: true);
        if (flat.numel() > size || flat.numel() == 0 && size > 0)
            throw new ArgumentException($"K.constant: value holds {flat.numel()} values; shape={shape} needs {size} (one value fills it, fewer are padded with the last).", nameof(value));
        if (flat.numel() < size) flat = cat(new[] { flat, flat[-1].expand(size - flat.numel()) });
        return flat.reshape(target);
    }

    /// <summary><c>K.zeros(shape, dtype=None)</c>.</summary>
    public static Tensor Zeros(KerasSharp.Shape shape, string? dtype = null) =>
        zeros(CheckShape("zeros", shape), Dtypes.Parse(dtype ?? FloatXName, nameof(dtype)), Device);

    /// <summary><c>K.ones(shape, dtype=None)</c>.</summary>
    public static Tensor Ones(KerasSharp.Shape shape, string? dtype = null) =>
        ones(CheckShape("ones", shape), Dtypes.Parse(dtype ?? FloatXName, nameof(dtype)), Device);

    /// <summary><c>K.zeros_like(x, dtype=None)</c>: x's dtype unless given.</summary>
    public static Tensor ZerosLike(Tensor x, string? dtype = null) =>
        zeros_like(x, dtype is null ? x.dtype : Dtypes.Parse(dtype, nameof(dtype)));

    public static KerasTensor ZerosLike(KerasTensor x, string? dtype = null)
    {
        if (dtype is not null) Dtypes.Parse(dtype, nameof(dtype));
        return Record("zeros_like", x, new() { ["dtype"] = dtype });
    }

    /// <summary><c>K.ones_like(x, dtype=None)</c>: x's dtype unless given.</summary>
    public static Tensor OnesLike(Tensor x, string? dtype = null) =>
        ones_like(x, dtype is null ? x.dtype : Dtypes.Parse(dtype, nameof(dtype)));

    public static KerasTensor OnesLike(KerasTensor x, string? dtype = null)
    {
        if (dtype is not null) Dtypes.Parse(dtype, nameof(dtype));
        return Record("ones_like", x, new() { ["dtype"] = dtype });
    }

    /// <summary><c>K.get_value(x)</c>: a copy of the value, on the CPU.</summary>
    public static Tensor GetValue(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return x.detach().cpu().clone();
    }

    /// <summary><c>K.get_value(layer.weights[i])</c>.</summary>
    public static Tensor GetValue(KerasVariable x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return GetValue(x.Value);
    }

    /// <summary><c>K.set_value(x, value)</c>: overwrites x in place (its device and dtype stay); the shapes must agree.</summary>
    public static void SetValue(Tensor x, Tensor value)
    {
        ArgumentNullException.ThrowIfNull(x);
        CheckSetValue(ShapeOf(x), value);
        using var noGrad = no_grad();
        x.copy_(value);
    }

    /// <summary><c>K.set_value(layer.weights[i], value)</c>.</summary>
    public static void SetValue(KerasVariable x, Tensor value)
    {
        ArgumentNullException.ThrowIfNull(x);
        CheckSetValue(x.Shape, value);
        x.Assign(value);
    }

    private static void CheckSetValue(KerasSharp.Shape x, Tensor value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!x.Equals(ShapeOf(value)))
            throw new ArgumentException($"K.set_value: value of shape {ShapeOf(value)} does not fit a variable of shape {x}.", nameof(value));
    }

    /// <summary>
    /// <c>K.random_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None)</c> on the model's device. With a
    /// <paramref name="seed"/>, the values are drawn on the CPU from that seed, so each call gives the same ones.
    /// </summary>
    public static Tensor RandomNormal(KerasSharp.Shape shape, double mean = 0.0, double stddev = 1.0, string? dtype = null, int? seed = null) =>
        DrawNormal(CheckShape("random_normal", shape), mean, stddev, RandomType("random_normal", dtype), seed, Device);

    /// <summary>
    /// <c>K.random_normal(shape=K.shape(x), ...)</c> on symbolic tensors: values of x's shape, drawn each time the
    /// model runs. <paramref name="shape"/> must come from <see cref="Shape(KerasTensor)"/>.
    /// </summary>
    public static KerasTensor RandomNormal(KerasTensor shape, double mean = 0.0, double stddev = 1.0, string? dtype = null, int? seed = null)
    {
        RandomType("random_normal", dtype);
        return Record("random_normal", ShapeSource("random_normal", shape), new() { ["mean"] = mean, ["stddev"] = stddev, ["dtype"] = dtype, ["seed"] = seed });
    }

    /// <summary><c>K.random_uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None)</c>: values in [minval, maxval).</summary>
    public static Tensor RandomUniform(KerasSharp.Shape shape, double minval = 0.0, double maxval = 1.0, string? dtype = null, int? seed = null) =>
        DrawUniform(CheckShape("random_uniform", shape), minval, maxval, RandomType("random_uniform", dtype), seed, Device);

    /// <summary><c>K.random_uniform(shape=K.shape(x), ...)</c> on symbolic tensors, as <see cref="RandomNormal(KerasTensor, double, double, string?, int?)"/>.</summary>
    public static KerasTensor RandomUniform(KerasTensor shape, double minval = 0.0, double maxval = 1.0, string? dtype = null, int? seed = null)
    {
        RandomType("random_uniform", dtype);
        return Record("random_uniform", ShapeSource("random_uniform", shape), new() { ["minval"] = minval, ["maxval"] = maxval, ["dtype"] = dtype, ["seed"] = seed });
    }

    private static Tensor DrawNormal(long[] shape, double mean, double stddev, ScalarType type, int? seed, Device device) =>
        Draw(seed, device, (generator, on) => randn(shape, type, on, generator: generator) * stddev + mean);

    private static Tensor DrawUniform(long[] shape, double minval, double maxval, ScalarType type, int? seed, Device device) =>
        Draw(seed, device, (generator, on) => rand(shape, type, on, generator: generator) * (maxval - minval) + minval);

    // A seeded draw happens on the CPU so that a seed means the same values on every device (as Dropout's seed).
    private static Tensor Draw(int? seed, Device device, Func<Generator?, Device, Tensor> draw)
    {
        if (seed is not int s) return draw(null, device);
        using var generator = new Generator((ulong)s);
        return draw(generator, CPU).to(device);
    }

    private static ScalarType RandomType(string function, string? dtype)
    {
        var type = Dtypes.Parse(dtype ?? FloatXName, nameof(dtype));
        if (type is not (ScalarType.Float16 or ScalarType.Float32 or ScalarType.Float64))
            throw new ArgumentException($"K.{function}: dtype='{dtype}' must be a float type.", nameof(dtype));
        return type;
    }

    /// <summary>The tensor whose shape a symbolic <c>shape</c> argument (<c>K.shape(x)</c>) stands for.</summary>
    private static KerasTensor ShapeSource(string function, KerasTensor shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return shape.Layer is Layers.BackendOp { Function: "shape" } ? shape.Node.Inputs[0]
            : throw new ArgumentException($"K.{function}: a symbolic shape must be K.Shape(x) of a symbolic tensor; received {shape}.", nameof(shape));
    }
}
