using System;
using System.Linq;
using static TorchSharp.torch;

namespace KerasSharp.Backend;

/// <summary>Keras's products, transposition and norms (<c>K.dot</c>, <c>K.batch_dot</c>, <c>K.transpose</c>, <c>K.l2_normalize</c>).</summary>
public static partial class KerasBackend
{
    /// <summary>
    /// <c>K.dot(x, y)</c> as Keras 2.2.4's TensorFlow backend computes it: two matrices are multiplied; when either
    /// has more than two axes, x's last axis is contracted with y's second to last, the result having x's other axes
    /// then y's (<c>(2, 3, 4)·(4, 5)</c> → (2, 3, 5), <c>(2, 3)·(4, 3, 5)</c> → (2, 4, 5), as Theano's dot).
    /// </summary>
    public static Tensor Dot(Tensor x, Tensor y)
    {
        CheckDot(ShapeOf(x), ShapeOf(y));
        if (x.dim() <= 2 && y.dim() <= 2) return x.matmul(y);
        var yRank = (int)y.dim();
        // y's second to last axis first, then the others in order: (…, k, n) → (k, …, n), flattened to (k, rest).
        var permutation = new[] { (long)yRank - 2 }.Concat(Enumerable.Range(0, yRank).Where(i => i != yRank - 2).Select(i => (long)i)).ToArray();
        var xt = x.reshape(-1, x.shape[^1]);
        var yt = y.permute(permutation).reshape(y.shape[^2], -1);
        return xt.matmul(yt).reshape(x.shape[..^1].Concat(y.shape[..^2]).Append(y.shape[^1]).ToArray());
    }

    public static KerasTensor Dot(KerasTensor x, KerasTensor y)
    {
        CheckDot(x.Shape, y.Shape);
        return Record("dot", [x, y]);
    }

    private static void CheckDot(KerasSharp.Shape x, KerasSharp.Shape y)
    {
        if (x.Rank <= 2 && y.Rank <= 2)
        {
            if (x.Rank != 2 || y.Rank != 2)
                throw new ArgumentException($"K.dot: x and y must be matrices, or one of them of rank 3 or more; received shapes {x} and {y}.", x.Rank != 2 ? "x" : "y");
        }
        else
        {
            CheckRank("dot", x, 1, "x");
            CheckRank("dot", y, 2, "y");
        }
        if (!Fits(x[-1], y[-2]))
            throw new ArgumentException($"K.dot: the last axis of x (shape {x}) must match the second to last axis of y (shape {y}).", "y");
    }

    /// <summary>
    /// <c>K.batch_dot(x, y, axes=None)</c> as Keras 2.2.4's TensorFlow backend computes it: the lower-rank tensor gets
    /// trailing axes of size 1; two matrices are multiplied element-wise and summed over the axis; higher ranks are a
    /// batched matrix product over the last two axes, each side transposed unless its axis is the one the product
    /// contracts (x's last, y's second to last); the padding axes are squeezed; a rank-1 result becomes (batch, 1).
    /// <paramref name="axes"/> is one axis for both or a pair; by default x's last and y's second to last.
    /// </summary>
    public static Tensor BatchDot(Tensor x, Tensor y, IntTuple2? axes = null)
    {
        var (xNdim, yNdim) = ((int)x.dim(), (int)y.dim());
        var (a0, a1) = CheckBatchDot(ShapeOf(x), ShapeOf(y), axes);
        var diff = Math.Abs(xNdim - yNdim);
        if (xNdim > yNdim) y = y.reshape(y.shape.Concat(Enumerable.Repeat(1L, diff)).ToArray());
        else if (yNdim > xNdim) x = x.reshape(x.shape.Concat(Enumerable.Repeat(1L, diff)).ToArray());
        Tensor output;
        if (x.dim() == 2 && y.dim() == 2)
        {
            output = a0 == a1 ? (x * y).sum(a0) : (x.t() * y).sum(a1);
        }
        else
        {
            var left = a0 == x.dim() - 1 ? x : x.transpose(-1, -2);
            var right = a1 == y.dim() - 1 ? y.transpose(-1, -2) : y;
            output = left.matmul(right);
        }
        if (diff > 0)
        {
            var index = xNdim > yNdim ? xNdim + yNdim - 3 : xNdim - 1;
            for (int i = 0; i < diff; i++) output = output.squeeze(index);
        }
        return output.dim() == 1 ? output.unsqueeze(1) : output;
    }

    public static KerasTensor BatchDot(KerasTensor x, KerasTensor y, IntTuple2? axes = null)
    {
        CheckBatchDot(x.Shape, y.Shape, axes);
        return Record("batch_dot", [x, y], new() { ["axes"] = axes });
    }

    /// <summary>The contracted axes (non-negative), after checking that the product Keras computes fits the shapes.</summary>
    private static (int, int) CheckBatchDot(KerasSharp.Shape x, KerasSharp.Shape y, IntTuple2? axes)
    {
        CheckRank("batch_dot", x, 2, "x");
        CheckRank("batch_dot", y, 2, "y");
        var (a0, a1) = axes is { } given ? (given.First, given.Second) : (x.Rank - 1, y.Rank - 2);
        a0 = CheckAxis("batch_dot", a0, x.Rank, "axes");
        a1 = CheckAxis("batch_dot", a1, y.Rank, "axes");
        var rank = Math.Max(x.Rank, y.Rank);
        var xs = x.Dims.Concat(Enumerable.Repeat((int?)1, rank - x.Rank)).ToArray();
        var ys = y.Dims.Concat(Enumerable.Repeat((int?)1, rank - y.Rank)).ToArray();
        bool fits;
        if (rank == 2)
        {
            // Two matrices: x·y (or xᵀ·y when the axes differ) element-wise, which broadcasts.
            var left = a0 == a1 ? xs : new[] { xs[1], xs[0] };
            fits = Enumerable.Range(0, 2).All(i => Fits(left[i], ys[i]) || left[i] == 1 || ys[i] == 1);
        }
        else
        {
            // A matmul of the last two axes, each side transposed unless its axis is the one matmul contracts; the
            // other axes are a batch that must agree.
            var inner = a0 == rank - 1 ? xs[rank - 1] : xs[rank - 2];
            var rightInner = a1 == rank - 1 ? ys[rank - 1] : ys[rank - 2];
            fits = Fits(inner, rightInner) && Enumerable.Range(0, rank - 2).All(i => Fits(xs[i], ys[i]));
        }
        if (!fits)
            throw new ArgumentException($"K.batch_dot: x of shape {x} and y of shape {y} cannot be multiplied along axes=({a0}, {a1}).", "axes");
        return (a0, a1);
    }

    /// <summary><c>K.transpose(x)</c>: every axis reversed.</summary>
    public static Tensor Transpose(Tensor x) => x.permute(Enumerable.Range(0, (int)x.dim()).Reverse().Select(i => (long)i).ToArray());

    public static KerasTensor Transpose(KerasTensor x) => Record("transpose", x);

    /// <summary><c>K.l2_normalize(x, axis=None)</c>: <c>x / sqrt(max(sum(x², axis), 1e-12))</c>, as TensorFlow's <c>l2_normalize</c>.</summary>
    public static Tensor L2Normalize(Tensor x, int? axis = null)
    {
        var squares = axis is int a ? x.square().sum(CheckAxis("l2_normalize", a, (int)x.dim()), keepdim: true) : x.square().sum();
        return x * squares.clamp_min(1e-12).rsqrt();
    }

    public static KerasTensor L2Normalize(KerasTensor x, int? axis = null)
    {
        if (axis is int a) CheckAxis("l2_normalize", a, x.Shape.Rank);
        return Record("l2_normalize", x, new() { ["axis"] = axis });
    }
}
