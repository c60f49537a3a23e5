using System.IO;
using System.Linq;
using SkiaSharp;
using static TorchSharp.torch;

namespace Cifar10Example;

/// <summary>The tutorial's <c>show_imgs</c>: images in a grid (each scaled to 0..255 by its own min and max, as
/// scipy's <c>toimage</c> does), optionally labelled, saved as a PNG instead of shown in a window.</summary>
public static class ImageGrid
{
    private const int Scale = 4, Pad = 6, LabelHeight = 22;

    public static void Save(Tensor images, int rows, int cols, string path, string[]? labels = null)
    {
        var (h, w) = ((int)images.shape[1], (int)images.shape[2]);
        var cellH = h * Scale + (labels is null ? 0 : LabelHeight);
        using var surface = SKSurface.Create(new SKImageInfo(cols * (w * Scale + Pad) + Pad, rows * (cellH + Pad) + Pad));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var typeface = Fonts.Sans();
        using var font = new SKFont(typeface, 14);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        for (int k = 0; k < System.Math.Min(rows * cols, (int)images.shape[0]); k++)
        {
            using var bitmap = ToBitmap(images[k]);
            using var picture = SKImage.FromBitmap(bitmap);
            var (x, y) = (Pad + k % cols * (w * Scale + Pad), Pad + k / cols * (cellH + Pad));
            canvas.DrawImage(picture, new SKRect(x, y, x + w * Scale, y + h * Scale), new SKSamplingOptions(SKFilterMode.Nearest), null);
            if (labels is not null) canvas.DrawText(labels[k], x + 2, y + h * Scale + 16, SKTextAlign.Left, font, ink);
        }
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        data.SaveTo(file);
    }

    private static SKBitmap ToBitmap(Tensor image)
    {
        using var scope = NewDisposeScope();
        var x = image.to_type(ScalarType.Float32).cpu();
        var (lo, hi) = (x.min().item<float>(), x.max().item<float>());
        var bytes = ((x - lo) * (hi > lo ? 255f / (hi - lo) : 0f)).clamp(0, 255).to_type(ScalarType.Byte).contiguous().data<byte>().ToArray();
        var (h, w, c) = ((int)x.shape[0], (int)x.shape[1], (int)x.shape[2]);
        var bitmap = new SKBitmap(w, h, SKColorType.Rgba8888, SKAlphaType.Opaque);
        for (int r = 0; r < h; r++)
            for (int col = 0; col < w; col++)
            {
                var i = (r * w + col) * c;
                bitmap.SetPixel(col, r, c == 1 ? new SKColor(bytes[i], bytes[i], bytes[i]) : new SKColor(bytes[i], bytes[i + 1], bytes[i + 2]));
            }
        return bitmap;
    }
}
