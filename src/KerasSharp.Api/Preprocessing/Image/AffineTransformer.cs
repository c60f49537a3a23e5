using System;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasSharp.Preprocessing.Image;

/// <summary>
/// Applies Keras's <c>apply_transform</c> to a whole batch at once, on the batch's device: one affine map per sample
/// (Keras's matrix, including its centre at (h/2 + 0.5, w/2 + 0.5)), bilinear sampling with scipy.ndimage's order-1
/// rules for each fill mode (one <c>grid_sample</c> call), then channel shift and brightness. Flips are folded into the sampling grid (they are
/// exact index reversals applied after the affine step, and channel shift and brightness commute with them).
/// Coordinates are computed in float64 as scipy does; the float32 sampling grid keeps integer shifts and flips within
/// 1e-3 of exact on the 0..255 scale.
/// </summary>
internal static class AffineTransformer
{
    /// <param name="x">(B, H, W, C) float32.</param>
    public static Tensor Apply(Tensor x, TransformBatch p, string fillMode, double cval)
    {
        using var scope = torch.NewDisposeScope();
        var (b, h, w) = (x.shape[0], x.shape[1], x.shape[2]);
        var device = x.device;

        // Per sample, output pixel (r, c) reads the input at (r_in, c_in) = A·(r', c') + off, where (r', c') is (r, c)
        // flipped as asked and A = Rot·Shear·Zoom, off = o + Rot·(tx, ty) − A·o (Keras's matrix about its centre o).
        // The flips fold into A and off, so one (B, 3, 2) matrix maps homogeneous output coordinates to (c_in, r_in).
        double[] V(Tensor t) => t.to(float64).cpu().data<double>().ToArray();
        var (theta, tx, ty, shear, zx, zy) = (V(p.Theta), V(p.Tx), V(p.Ty), V(p.Shear), V(p.Zx), V(p.Zy));
        var (flipH, flipV) = (p.FlipHorizontal.cpu().data<bool>().ToArray(), p.FlipVertical.cpu().data<bool>().ToArray());
        var (or, oc) = (h / 2.0 + 0.5, w / 2.0 + 0.5);
        var matrices = new double[b * 6];
        var anyNeutral = false;
        for (int i = 0; i < b; i++)
        {
            var t = theta[i] * (Math.PI / 180);
            var s = shear[i] * (Math.PI / 180);
            var (ct, st, cs, ss) = (Math.Cos(t), Math.Sin(t), Math.Cos(s), Math.Sin(s));
            double a00 = ct * zx[i], a01 = ct * (-ss * zy[i]) - st * (cs * zy[i]);
            double a10 = st * zx[i], a11 = st * (-ss * zy[i]) + ct * (cs * zy[i]);
            double off0 = ct * tx[i] - st * ty[i] + or - (a00 * or + a01 * oc);
            double off1 = st * tx[i] + ct * ty[i] + oc - (a10 * or + a11 * oc);
            if (flipV[i]) { off0 += a00 * (h - 1); off1 += a10 * (h - 1); a00 = -a00; a10 = -a10; }
            if (flipH[i]) { off0 += a01 * (w - 1); off1 += a11 * (w - 1); a01 = -a01; a11 = -a11; }
            // Rows of the (3, 2) matrix: the r, c and constant coefficients of (c_in, r_in).
            var m = matrices.AsSpan(i * 6, 6);
            (m[0], m[1], m[2], m[3], m[4], m[5]) = (a10, a00, a11, a01, off1, off0);
            anyNeutral |= theta[i] == 0 && tx[i] == 0 && ty[i] == 0 && shear[i] == 0 && zx[i] == 1 && zy[i] == 1;
        }
        var sx = 2.0 / Math.Max(w - 1, 1);
        var sy = 2.0 / Math.Max(h - 1, 1);
        Tensor grid;
        Tensor? outside = null;
        if (fillMode == "nearest")
        {
            // The common case: 'nearest' is grid_sample's border rule, so the normalisation to [−1, 1] folds into the
            // matrix and one float32 matmul makes the sampling grid.
            for (int i = 0; i < b; i++)
            {
                var m = matrices.AsSpan(i * 6, 6);
                (m[0], m[2], m[4]) = (m[0] * sx, m[2] * sx, m[4] * sx - 1);
                (m[1], m[3], m[5]) = (m[1] * sy, m[3] * sy, m[5] * sy - 1);
            }
            grid = Grid(h, w, float32, device).matmul(tensor(matrices, new[] { b, 3L, 2 }, float64).to(float32, device)).view(b, h, w, 2);
        }
        else
        {
            // scipy's other order-1 rules, for grid_sample: 'reflect' and 'wrap' fold the coordinate first, after
            // which only the border rule is left; 'constant' is plain bilinear inside [0, n−1] and cval outside. The
            // coordinates stay float64 until then, so the cval boundary is decided as scipy decides it.
            var coords = Grid(h, w, float64, device).matmul(tensor(matrices, new[] { b, 3L, 2 }, float64).to(device)); // (B, HW, 2): c_in, r_in
            var (cc, cr) = (coords[.., .., 0], coords[.., .., 1]);
            if (fillMode == "constant")
                outside = (cr.lt(0) | cr.gt(h - 1) | cc.lt(0) | cc.gt(w - 1)).view(b, h, w, 1);
            else
                coords = stack(new[] { MapCoordinate(cc, w, fillMode), MapCoordinate(cr, h, fillMode) }, -1);
            var scale = tensor(new[] { sx, sy }, float64).to(device);
            grid = (coords * scale - 1).to(float32).view(b, h, w, 2);
        }
        // Bilinear with border padding and align_corners is scipy's order-1 'nearest' rule: clamping the neighbours
        // equals clamping the coordinate.
        var sampled = nn.functional.grid_sample(x.permute(0, 3, 1, 2), grid, GridSampleMode.Bilinear,
                                                GridSamplePaddingMode.Border, align_corners: true);
        // grid_sample writes NCHW memory; stored back channels-last (as numpy's arrays are), a model fed this batch
        // runs its convolutions channels-last instead of channels-first, about a fifth less CPU per training step.
        var y = sampled.permute(0, 2, 3, 1).contiguous();
        if (outside is not null) y = y.masked_fill(outside, cval);

        // Keras skips the resampling of an image whose affine parameters are all neutral; those images (flipped or
        // not) are taken exactly, so a brightness or channel shift after them sees the original values.
        if (anyNeutral)
        {
            var neutral = (p.Theta.eq(0) & p.Tx.eq(0) & p.Ty.eq(0) & p.Shear.eq(0) & p.Zx.eq(1) & p.Zy.eq(1)).to(device);
            var exact = where(p.FlipHorizontal.to(device).view(b, 1, 1, 1), x.flip(2), x);
            exact = where(p.FlipVertical.to(device).view(b, 1, 1, 1), exact.flip(1), exact);
            y = where(neutral.view(b, 1, 1, 1), exact, y);
        }

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

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(long, long, ScalarType, string), Tensor> Grids = new();

    /// <summary>Homogeneous output coordinates (r, c, 1), (1, H·W, 3), made once per size, type and device.</summary>
    private static Tensor Grid(long h, long w, ScalarType type, Device device) => Grids.GetOrAdd((h, w, type, device.ToString()), _ =>
    {
        using var scope = torch.NewDisposeScope();
        var r = arange(h, float64).view(h, 1).expand(h, w);
        var c = arange(w, float64).view(1, w).expand(h, w);
        return stack(new[] { r, c, ones(h, w, float64) }, -1).view(1, h * w, 3).to(type, device).MoveToOuterDisposeScope().DetachFromDisposeScope();
    });

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
