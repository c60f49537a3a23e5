using System;

namespace KerasSharp.Tests.Preprocessing.Image;

/// <summary>
/// The simple reference path: Keras's apply_affine_transform with scipy 1.10's order-1 rules, one pixel at a time in
/// float64, written from Goldens/image/reference_affine.py (which matches keras_preprocessing bit for bit). The batched
/// implementation is checked against it on random parameters.
/// </summary>
internal static class ReferenceAffine
{
    /// <param name="x">(H, W, C) row-major.</param>
    public static double[] Apply(double[] x, int h, int w, int ch, double theta, double tx, double ty, double shear,
                                 double zx, double zy, bool flipH, bool flipV, string mode, double cval)
    {
        var output = new double[x.Length];
        var neutral = theta == 0 && tx == 0 && ty == 0 && shear == 0 && zx == 1 && zy == 1;
        var (ct, st) = theta != 0 ? (Math.Cos(theta * Math.PI / 180), Math.Sin(theta * Math.PI / 180)) : (1.0, 0.0);
        var (cs, ss) = shear != 0 ? (Math.Cos(shear * Math.PI / 180), Math.Sin(shear * Math.PI / 180)) : (1.0, 0.0);
        double a00 = ct * zx, a01 = ct * (-ss * zy) - st * (cs * zy), a10 = st * zx, a11 = st * (-ss * zy) + ct * (cs * zy);
        double or = h / 2.0 + 0.5, oc = w / 2.0 + 0.5;
        double off0 = or + (ct * tx - st * ty) - (a00 * or + a01 * oc);
        double off1 = oc + (st * tx + ct * ty) - (a10 * or + a11 * oc);
        for (int r = 0; r < h; r++)
            for (int c = 0; c < w; c++)
            {
                // Flips come after the affine step: output (r, c) is the affine result at the flipped position.
                var (rr, cc0) = (flipV ? h - 1 - r : r, flipH ? w - 1 - c : c);
                for (int k = 0; k < ch; k++)
                    output[(r * w + c) * ch + k] = neutral
                        ? x[(rr * w + cc0) * ch + k]
                        : Sample(x, h, w, ch, k, rr * a00 + cc0 * a01 + off0, rr * a10 + cc0 * a11 + off1, mode, cval);
            }
        return output;
    }

    private static double Sample(double[] x, int h, int w, int ch, int k, double cr, double cc, string mode, double cval)
    {
        if (mode == "constant" && (cr < 0 || cr > h - 1 || cc < 0 || cc > w - 1)) return cval;
        cr = Map(cr, h, mode);
        cc = Map(cc, w, mode);
        int r0 = (int)Math.Floor(cr), c0 = (int)Math.Floor(cc);
        double wr0 = 1 - (cr - r0), wc0 = 1 - (cc - c0);
        double wr1 = 1 - wr0, wc1 = 1 - wc0;
        double At(int r, int c) => x[(Neighbour(r, h, mode) * w + Neighbour(c, w, mode)) * ch + k];
        return At(r0, c0) * wr0 * wc0 + At(r0, c0 + 1) * wr0 * wc1 + At(r0 + 1, c0) * wr1 * wc0 + At(r0 + 1, c0 + 1) * wr1 * wc1;
    }

    private static double Map(double c, int n, string mode)
    {
        if (mode == "reflect")
        {
            double period = 2.0 * n;
            if (c < 0)
            {
                if (c < -period) c += period * Math.Truncate(-c / period);
                c = c < -n ? c + period : -c - 1;
            }
            else if (c > n - 1)
            {
                c -= period * Math.Truncate(c / period);
                if (c >= n) c = period - c - 1;
            }
        }
        else if (mode == "wrap")
        {
            double period = n - 1;
            if (c < 0) c += period * (Math.Truncate(-c / period) + 1);
            else if (c > n - 1) c -= period * Math.Truncate(c / period);
        }
        return c;
    }

    private static int Neighbour(int i, int n, string mode) => mode switch
    {
        "nearest" => Math.Clamp(i, 0, n - 1),
        "reflect" => i < 0 ? -i - 1 : i >= n ? 2 * n - 1 - i : i,
        _ => i < 0 ? -i : i >= n ? 2 * n - 2 - i : i,
    };
}
