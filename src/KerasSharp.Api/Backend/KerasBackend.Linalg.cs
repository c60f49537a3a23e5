using System;
using System.Linq;
using static TorchSharp.torch;

namespace KerasSharp.Backend;

/// <summary>Keras's products and norms (<c>K.dot</c>, <c>K.batch_dot</c>, <c>K.l2_normalize</c>) on real tensors.</summary>
public static partial class KerasBackend
{
    /// <summary>
    /// <c>K.batch_dot(x, y, axes)</c> as Keras 2.2.4's TensorFlow backend computes it: the lower-rank tensor gets
    /// trailing axes of size 1; two matrices are multiplied element-wise and summed over the axis; higher ranks are a
    /// batched matrix product over the last two axes, each side transposed unless its axis is the one the product
    /// contracts (x's last, y's second to last); the padding axes are squeezed; a rank-1 result becomes (batch, 1).
    /// </summary>
    public static Tensor BatchDot(Tensor x, Tensor y, (int, int)? axes = null)
    {
        var (xNdim, yNdim) = ((int)x.dim(), (int)y.dim());
        var (a0, a1) = axes ?? (xNdim - 1, yNdim - 2);
        a0 = a0 < 0 ? a0 + xNdim : a0;
        a1 = a1 < 0 ? a1 + yNdim : a1;
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

    /// <summary><c>K.l2_normalize(x, axis)</c>: <c>x / sqrt(max(sum(x², axis), 1e-12))</c>, as TensorFlow's <c>l2_normalize</c>.</summary>
    public static Tensor L2Normalize(Tensor x, int? axis = null)
    {
        var squares = axis is int a ? x.square().sum(a, keepdim: true) : x.square().sum();
        return x * squares.clamp_min(1e-12).rsqrt();
    }
}
