using System;

namespace KerasSharp.Preprocessing.Image;

/// <summary>
/// PIL 9.4's <c>Image.resize</c> of 8-bit images, value for value: NEAREST as libImaging/Geometry.c's
/// <c>ImagingScaleAffine</c> (source positions accumulated in doubles), the other filters as libImaging/Resample.c's
/// <c>ImagingResample</c>: a horizontal then a vertical pass of separable convolution, the filter's support widened
/// by the downscale factor, coefficients in fixed point with 22 fraction bits, each pass rounded to bytes.
/// Pixels are row-major with <c>bands</c> bytes each; every band is resampled on its own, as PIL does.
/// </summary>
internal static class PilResample
{
    private const int PrecisionBits = 32 - 8 - 2;

    public static byte[] Resize(byte[] pixels, int bands, int inWidth, int inHeight, int outWidth, int outHeight, Resampling filter) =>
        filter == Resampling.Nearest
            ? Nearest(pixels, bands, inWidth, inHeight, outWidth, outHeight)
            : Convolve(pixels, bands, inWidth, inHeight, outWidth, outHeight, filter);

    private static byte[] Nearest(byte[] pixels, int bands, int inWidth, int inHeight, int outWidth, int outHeight)
    {
        var output = new byte[outWidth * outHeight * bands];
        // The affine matrix of _imaging.c's _resize: scale (box size / out size), offset 0; positions are pixel centres.
        double a0 = (double)inWidth / outWidth, a4 = (double)inHeight / outHeight;
        var xin = new int[outWidth];
        var xo = a0 * 0.5;
        for (int x = 0; x < outWidth; x++, xo += a0)
            xin[x] = Coord(xo);
        var yo = a4 * 0.5;
        for (int y = 0; y < outHeight; y++, yo += a4)
        {
            var yi = Coord(yo);
            if (yi < 0 || yi >= inHeight) continue; // PIL fills what falls outside with zeros
            for (int x = 0; x < outWidth; x++)
                if (xin[x] >= 0 && xin[x] < inWidth)
                    Array.Copy(pixels, (yi * inWidth + xin[x]) * bands, output, (y * outWidth + x) * bands, bands);
        }
        return output;
    }

    private static int Coord(double v) => v < 0.0 ? -1 : (int)v;

    private static byte[] Convolve(byte[] pixels, int bands, int inWidth, int inHeight, int outWidth, int outHeight, Resampling filter)
    {
        var (function, support) = Filter(filter);
        var (horizontalBounds, horizontalK) = Coefficients(inWidth, outWidth, function, support);
        var (verticalBounds, verticalK) = Coefficients(inHeight, outHeight, function, support);
        var (image, width) = (pixels, inWidth);
        if (outWidth != inWidth)
        {
            // Only the rows the vertical pass reads.
            var first = verticalBounds[0].Min;
            var last = verticalBounds[^1].Min + verticalBounds[^1].Count;
            for (int i = 0; i < outHeight; i++) verticalBounds[i].Min -= first;
            image = Pass(image, bands, width, outWidth, last - first, first, horizontalBounds, horizontalK, horizontal: true);
            width = outWidth;
        }
        if (outHeight != inHeight)
        {
            image = Pass(image, bands, width, width, outHeight, 0, verticalBounds, verticalK, horizontal: false);
        }
        return ReferenceEquals(image, pixels) ? (byte[])pixels.Clone() : image;
    }

    private static byte[] Pass(byte[] input, int bands, int inWidth, int outWidth, int outHeight, int rowOffset,
                               Bounds[] bounds, int[][] k, bool horizontal)
    {
        var output = new byte[outWidth * outHeight * bands];
        for (int yy = 0; yy < outHeight; yy++)
            for (int xx = 0; xx < outWidth; xx++)
            {
                var (b, kk) = horizontal ? (bounds[xx], k[xx]) : (bounds[yy], k[yy]);
                for (int band = 0; band < bands; band++)
                {
                    var ss = 1 << (PrecisionBits - 1);
                    for (int i = 0; i < b.Count; i++)
                    {
                        var source = horizontal ? ((yy + rowOffset) * inWidth + b.Min + i) : ((b.Min + i) * inWidth + xx);
                        ss += input[source * bands + band] * kk[i];
                    }
                    output[(yy * outWidth + xx) * bands + band] = Clip8(ss);
                }
            }
        return output;
    }

    private static byte Clip8(int v) => (byte)Math.Clamp(v >> PrecisionBits, 0, 255);

    private struct Bounds
    {
        public int Min;
        public int Count;
    }

    /// <summary>Resample.c's <c>precompute_coeffs</c> then <c>normalize_coeffs_8bpc</c>, for the whole source (box 0..size).</summary>
    private static (Bounds[] bounds, int[][] k) Coefficients(int inSize, int outSize, Func<double, double> filter, double filterSupport)
    {
        // PIL's box is floats: in1 - in0 is a float difference, then a double division.
        var scale = (double)(float)inSize / outSize;
        var filterScale = Math.Max(scale, 1.0);
        var support = filterSupport * filterScale;
        var bounds = new Bounds[outSize];
        var k = new int[outSize][];
        for (int xx = 0; xx < outSize; xx++)
        {
            var center = (xx + 0.5) * scale;
            var ss = 1.0 / filterScale;
            var xmin = Math.Max((int)(center - support + 0.5), 0);
            var xmax = Math.Min((int)(center + support + 0.5), inSize) - xmin;
            var weights = new double[xmax];
            var ww = 0.0;
            for (int x = 0; x < xmax; x++)
            {
                weights[x] = filter((x + xmin - center + 0.5) * ss);
                ww += weights[x];
            }
            k[xx] = new int[xmax];
            for (int x = 0; x < xmax; x++)
            {
                var w = ww != 0.0 ? weights[x] / ww : weights[x];
                k[xx][x] = w < 0 ? (int)(-0.5 + w * (1 << PrecisionBits)) : (int)(0.5 + w * (1 << PrecisionBits));
            }
            bounds[xx] = new Bounds { Min = xmin, Count = xmax };
        }
        return (bounds, k);
    }

    private static (Func<double, double> function, double support) Filter(Resampling filter) => filter switch
    {
        Resampling.Box => (x => x > -0.5 && x <= 0.5 ? 1.0 : 0.0, 0.5),
        Resampling.Bilinear => (x => Math.Abs(x) < 1.0 ? 1.0 - Math.Abs(x) : 0.0, 1.0),
        Resampling.Hamming => (Hamming, 1.0),
        Resampling.Bicubic => (Bicubic, 2.0),
        Resampling.Lanczos => (x => -3.0 <= x && x < 3.0 ? Sinc(x) * Sinc(x / 3) : 0.0, 3.0),
        _ => throw new ArgumentOutOfRangeException(nameof(filter), filter, "Unknown resampling filter."),
    };

    private static double Hamming(double x)
    {
        x = Math.Abs(x);
        if (x == 0.0) return 1.0;
        if (x >= 1.0) return 0.0;
        x *= Math.PI;
        // PIL writes the constants as C floats (0.54f, 0.46f), widened to double.
        return Math.Sin(x) / x * ((double)0.54f + (double)0.46f * Math.Cos(x));
    }

    private static double Bicubic(double x)
    {
        const double a = -0.5;
        x = Math.Abs(x);
        if (x < 1.0) return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
        if (x < 2.0) return (((x - 5) * x + 8) * x - 4) * a;
        return 0.0;
    }

    private static double Sinc(double x)
    {
        if (x == 0.0) return 1.0;
        x *= Math.PI;
        return Math.Sin(x) / x;
    }
}
