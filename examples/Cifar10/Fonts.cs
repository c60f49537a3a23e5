using System.IO;
using SkiaSharp;

namespace Cifar10Example;

/// <summary>A sans-serif face for labels: DejaVu Sans where the system has it, else Skia's default.</summary>
internal static class Fonts
{
    public static SKTypeface Sans()
    {
        const string dejavu = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
        return File.Exists(dejavu) ? SKTypeface.FromFile(dejavu) : SKTypeface.Default;
    }

    /// <summary>Text in the colour of <paramref name="ink"/>, with the font's face and size.</summary>
    public static void Draw(SKCanvas canvas, string text, float x, float y, SKTextAlign align, SKFont font, SKPaint ink)
    {
        using var paint = new SKPaint { Color = ink.Color, IsAntialias = true, Typeface = font.Typeface, TextSize = font.Size, TextAlign = align };
        canvas.DrawText(text, x, y, paint);
    }
}
