using System;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasSharp.Preprocessing.Image;

/// <summary>
/// Applies Keras's <c>apply_transform</c> to a whole batch at once, on the batch's device: one affine map per sample
/// (Keras's matrix, including its centre at (h/2 + 0.5, w/2 + 0.5)), bilinear sampling with scipy.ndimage's order-1
/// rules for each fill mode, then channel shift and brightness. Flips are folded into the sampling grid (they are
/// exact index reversals applied after the affine step, and channel shift and brightness commute with them).
/// Coordinates are computed in float64 as scipy does, so integer shifts and flips are exact.
/// </summary>
internal static class AffineTransformer
{
    /// <param name="x">(B, H, W, C) float32.</param>
    public static Tensor Apply(Tensor x, TransformBatch p, string fillMode, double cval)
    {
        using var scope = torch.NewDisposeScope();
        var (b, h, w, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3]);
        var device = x.device;
        Tensor D(Tensor t) => t.to(float64, device).view(b, 1, 1);

        // A = Rot·Shear·Zoom; off = o + Rot·(tx, ty) − A·o.
        var t = D(p.Theta) * (Math.PI / 180);
        var s = D(p.Shear) * (Math.PI / 180);
        var (ct, st, cs, ss) = (t.cos(), t.sin(), s.cos(), s.sin());
        var (zx, zy) = (D(p.Zx), D(p.Zy));
        var a00 = ct * zx;
        var a01 = ct * (-ss * zy) - st * (cs * zy);
        var a10 = st * zx;
        var a11 = st * (-ss * zy) + ct * (cs * zy);
        var (or, oc) = (h / 2.0 + 0.5, w / 2.0 + 0.5);
        var (tx, ty) = (D(p.Tx), D(p.Ty));
        var off0 = ct * tx - st * ty + or - (a00 * or + a01 * oc);
        var off1 = st * tx + ct * ty + oc - (a10 * or + a11 * oc);

        // Output grid, flipped per sample where asked.
        var rows = arange(h, float64, device).view(1, h, 1).expand(b, h, w);
        var cols = arange(w, float64, device).view(1, 1, w).expand(b, h, w);
        rows = where(p.FlipVertical.to(device).view(b, 1, 1), (h - 1) - rows, rows);
        cols = where(p.FlipHorizontal.to(device).view(b, 1, 1), (w - 1) - cols, cols);
        var cr = rows * a00 + cols * a01 + off0;
        var cc = rows * a10 + cols * a11 + off1;

        Tensor? outside = null;
        if (fillMode == "constant")
        {
            outside = cr.lt(0) | cr.gt(h - 1) | cc.lt(0) | cc.gt(w - 1);
            cr = cr.masked_fill(outside, 0);
            cc = cc.masked_fill(outside, 0);
        }
        else
        {
            cr = MapCoordinate(cr, h, fillMode);
            cc = MapCoordinate(cc, w, fillMode);
        }

        var r0 = cr.floor();
        var c0 = cc.floor();
        var wr0 = (1 - (cr - r0)).to(float32);
        var wc0 = (1 - (cc - c0)).to(float32);
        var (wr1, wc1) = (1 - wr0, 1 - wc0);
        var ir0 = Neighbour(r0.to(int64), h, fillMode);
        var ir1 = Neighbour(r0.to(int64) + 1, h, fillMode);
        var ic0 = Neighbour(c0.to(int64), w, fillMode);
        var ic1 = Neighbour(c0.to(int64) + 1, w, fillMode);

        var flat = x.reshape(b, h * w, c);
        Tensor Gather(Tensor ir, Tensor ic) =>
            flat.gather(1, (ir * w + ic).view(b, h * w, 1).expand(b, h * w, c)).view(b, h, w, c);
        var y = Gather(ir0, ic0) * (wr0 * wc0).unsqueeze(-1)
              + Gather(ir0, ic1) * (wr0 * wc1).unsqueeze(-1)
              + Gather(ir1, ic0) * (wr1 * wc0).unsqueeze(-1)
              + Gather(ir1, ic1) * (wr1 * wc1).unsqueeze(-1);
        if (outside is not null) y = y.masked_fill(outside.unsqueeze(-1), cval);

        if (p.ChannelShift is not null)
        {
            // One min/max per image over all channels, taken after the affine step (apply_channel_shift).
            var lo = y.amin(new long[] { 1, 2, 3 }, keepdim: true);
            var hi = y.amax(new long[] { 1, 2, 3 }, keepdim: true);
            y = minimum(maximum(y + p.ChannelShift.to(float32, device).view(b, 1, 1, 1), lo), hi);
        }
        if (p.Brightness is not null) y = Brightness(y, p.Brightness.to(float32, device).view(b, 1, 1, 1));
        return y.MoveToOuterDisposeScope();
    }

    /// <summary>scipy 1.10's per-axis coordinate mapping before interpolation (ni_interpolation.c map_coordinate).</summary>
    private static Tensor MapCoordinate(Tensor c, long n, string mode)
    {
        switch (mode)
        {
            case "reflect":
            {
                // Half-sample symmetric, period 2n: d c b a | a b c d | d c b a.
                var period = 2.0 * n;
                var low = c.lt(0);
                var lowFolded = where(c.lt(-period), c + period * (-c / period).trunc(), c);
                lowFolded = where(lowFolded.lt(-n), lowFolded + period, -lowFolded - 1);
                var high = c.gt(n - 1);
                var highFolded = c - period * (c / period).trunc();
                highFolded = where(highFolded.ge(n), period - highFolded - 1, highFolded);
                return where(low, lowFolded, where(high, highFolded, c));
            }
            case "wrap":
            {
                // scipy's legacy wrap has period n − 1: the first and last samples coincide.
                double period = n - 1;
                var low = c + period * ((-c / period).trunc() + 1);
                var high = c - period * (c / period).trunc();
                return where(c.lt(0), low, where(c.gt(n - 1), high, c));
            }
            default:
                return c; // nearest clamps the neighbours instead
        }
    }

    /// <summary>Where a bilinear neighbour outside 0..n−1 is read from.</summary>
    private static Tensor Neighbour(Tensor i, long n, string mode) => mode switch
    {
        "nearest" => i.clamp(0, n - 1),
        "reflect" => where(i.lt(0), -i - 1, where(i.ge(n), 2 * n - 1 - i, i)),
        // constant and wrap: whole-sample mirror; it only ever picks a neighbour whose weight is 0.
        _ => where(i.lt(0), -i, where(i.ge(n), 2 * n - 2 - i, i)),
    };

    /// <summary>
    /// Keras's <c>apply_brightness_shift</c>: the image is scaled to 0..255 as <c>array_to_img</c> does (shifted up
    /// only if its minimum is negative, divided by its maximum), truncated to uint8, multiplied by the factor in
    /// float32 as PIL's blend does, clipped and truncated again. The result is on the 0..255 scale.
    /// </summary>
    private static Tensor Brightness(Tensor x, Tensor factor)
    {
        var dims = new long[] { 1, 2, 3 };
        x = x + (-x.amin(dims, keepdim: true)).clamp_min(0);
        var max = x.amax(dims, keepdim: true);
        x = where(max.ne(0), x / max, x);
        var u = (x * 255f).trunc();
        return (factor * u).clamp(0, 255).trunc();
    }
}
