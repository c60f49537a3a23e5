using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace KerasSharp.Backend;

/// <summary>
/// The argument checks of the backend functions, on shapes where <c>None</c> (a symbolic tensor's unknown size) fits
/// anything: a symbolic call is checked when recorded, an eager one before libtorch sees it (some libtorch errors end
/// the process instead of throwing, a mismatched matmul among them).
/// </summary>
public static partial class KerasBackend
{
    private static KerasSharp.Shape ShapeOf(Tensor x) => x.shape;

    /// <summary>An axis of a tensor of rank <paramref name="rank"/>, made non-negative.</summary>
    private static int CheckAxis(string function, int axis, int rank, string argument = "axis")
    {
        if (axis < -rank || axis >= rank)
            throw new ArgumentException($"K.{function}: {argument}={axis} is out of range for a tensor of rank {rank} (expected {(rank == 0 ? "no axis: the tensor is a scalar" : $"an axis in [{-rank}, {rank})")}).", argument);
        return axis < 0 ? axis + rank : axis;
    }

    /// <summary>The axes a reduction runs over: all for null, else the given ones, non-negative and distinct.</summary>
    private static long[] ReductionAxes(string function, Axes? axis, int rank)
    {
        if (axis is not { } given) return Enumerable.Range(0, rank).Select(i => (long)i).ToArray();
        var axes = given.Values.Select(a => (long)CheckAxis(function, a, rank)).ToArray();
        if (axes.Distinct().Count() != axes.Length)
            throw new ArgumentException($"K.{function}: axis={given} names an axis twice.", "axis");
        return axes;
    }

    /// <summary>Whether two sizes can be equal (an unknown size can be anything).</summary>
    private static bool Fits(int? a, int? b) => a is null || b is null || a == b;

    /// <summary>numpy's broadcasting rule between two operands of an element-wise function.</summary>
    private static void CheckBroadcast(string function, KerasSharp.Shape x, KerasSharp.Shape y, string xName = "x", string yName = "y")
    {
        for (int i = 1; i <= Math.Min(x.Rank, y.Rank); i++)
        {
            var (a, b) = (x[x.Rank - i], y[y.Rank - i]);
            if (!Fits(a, b) && a != 1 && b != 1)
                throw new ArgumentException($"K.{function}: {xName} of shape {x} and {yName} of shape {y} cannot be broadcast together (axis {-i}: {a} against {b}).", yName);
        }
    }

    private static void CheckSameShape(string function, KerasSharp.Shape x, KerasSharp.Shape y, string xName, string yName)
    {
        if (x.Rank != y.Rank || Enumerable.Range(0, x.Rank).Any(i => !Fits(x[i], y[i])))
            throw new ArgumentException($"K.{function}: {yName} of shape {y} must have the shape of {xName}, {x}.", yName);
    }

    private static void CheckRank(string function, KerasSharp.Shape x, int minimum, string argument)
    {
        if (x.Rank < minimum)
            throw new ArgumentException($"K.{function}: {argument} must have at least {minimum} dimension{(minimum == 1 ? "" : "s")}; received a tensor of shape {x}.", argument);
    }

    private static void CheckInteger(string function, Tensor x, string argument)
    {
        if (x.is_floating_point() || x.dtype == ScalarType.Bool || x.is_complex())
            throw new ArgumentException($"K.{function}: {argument} must be an integer tensor; received dtype {Dtypes.Name(x.dtype)}.", argument);
    }

    private static void CheckInteger(string function, KerasTensor x, string argument)
    {
        if (!x.Dtype.StartsWith("int", StringComparison.Ordinal) && x.Dtype != "uint8")
            throw new ArgumentException($"K.{function}: {argument} must be an integer tensor; received dtype {x.Dtype} (cast it with K.Cast).", argument);
    }

    /// <summary>Every value of an integer tensor in [0, <paramref name="size"/>); skipped on the meta device (no values).</summary>
    private static void CheckIndices(string function, Tensor indices, long size, string argument, string what)
    {
        if (indices.device_type == TorchSharp.DeviceType.META || indices.numel() == 0) return;
        var (low, high) = (indices.min().to_type(ScalarType.Int64).item<long>(), indices.max().to_type(ScalarType.Int64).item<long>());
        if (low < 0 || high >= size)
            throw new ArgumentException($"K.{function}: {argument} holds {(low < 0 ? low : high)}, outside the valid range [0, {size}) of {what}.", argument);
    }

    /// <summary>Tensors of one rank and the same sizes, except along <paramref name="axis"/> if given.</summary>
    private static void CheckConcatenation(string function, IReadOnlyList<KerasSharp.Shape> shapes, int? axis, string argument)
    {
        if (shapes.Count == 0) throw new ArgumentException($"K.{function}: {argument} is empty.", argument);
        var rank = shapes[0].Rank;
        var text = "[" + string.Join(", ", shapes) + "]";
        if (shapes.Any(s => s.Rank != rank))
            throw new ArgumentException($"K.{function}: the tensors in {argument} must have the same rank; received shapes {text}.", argument);
        for (int d = 0; d < rank; d++)
            if (d != axis && shapes.Any(s => !Fits(s[d], shapes[0][d])))
                throw new ArgumentException($"K.{function}: the tensors in {argument} must have {(axis is null ? "the same shape" : $"the same size on every axis except axis={axis}")}; received shapes {text}.", argument);
    }

    private static long[] CheckReshape(KerasSharp.Shape x, KerasSharp.Shape shape)
    {
        var target = shape.Dims.Select(d => d ?? throw new ArgumentException($"K.reshape: shape={shape} holds None; use -1 for the one size to infer.", nameof(shape))).Select(d => (long)d).ToArray();
        if (target.Count(d => d == -1) > 1 || target.Any(d => d < -1))
            throw new ArgumentException($"K.reshape: shape={shape} may hold one -1 (the size to infer) and otherwise sizes >= 0.", nameof(shape));
        if (x.IsFullyDefined())
        {
            var size = x.Product();
            var known = target.Where(d => d != -1).Aggregate(1L, (p, d) => p * d);
            if (target.Contains(-1) ? known == 0 || size % known != 0 : known != size)
                throw new ArgumentException($"K.reshape: cannot reshape a tensor of shape {x} ({size} values) to shape={shape}.", nameof(shape));
        }
        return target;
    }

    /// <summary>A shape of known, non-negative sizes (for tensors made from nothing: zeros, random values).</summary>
    private static long[] CheckShape(string function, KerasSharp.Shape shape, string argument = "shape")
    {
        ArgumentNullException.ThrowIfNull(shape, argument);
        if (shape.Dims.Any(d => d is not >= 0))
            throw new ArgumentException($"K.{function}: {argument}={shape} must hold known sizes >= 0.", argument);
        return shape.ToLongArray();
    }
}
