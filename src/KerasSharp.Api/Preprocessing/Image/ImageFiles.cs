using System;
using System.IO;
using SkiaSharp;
using static TorchSharp.torch;

namespace KerasSharp.Preprocessing.Image;

/// <summary>
/// keras_preprocessing's <c>load_img</c> + <c>img_to_array</c>: decodes a PNG, JPEG, BMP... file (SkiaSharp, no
/// Python) to a float32 (H, W, C) tensor in the colour mode asked for, resized with PIL's nearest-neighbour rule.
/// </summary>
public static class ImageFiles
{
    /// <summary>Loads <paramref name="path"/> as (H, W, C) float32 (0..255), channels_last.</summary>
    /// <param name="color_mode">'rgb' (3 channels), 'grayscale' (1, PIL's 'L' weights) or 'rgba' (4).</param>
    /// <param name="target_size">(height, width) to resize to, or null to keep the file's size.</param>
    public static Tensor LoadImg(string path, string color_mode = "rgb", (int Height, int Width)? target_size = null,
                                 string interpolation = "nearest")
    {
        color_mode = ArgumentValidation.OneOf(nameof(color_mode), color_mode, "rgb", "grayscale", "rgba");
        ArgumentValidation.OneOf(nameof(interpolation), interpolation, "nearest");
        using var codec = SKCodec.Create(path)
            ?? throw new InvalidDataException($"Cannot decode image file {path}: not a PNG, JPEG, BMP, GIF or WebP image, or corrupt.");
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var result = codec.GetPixels(info, out byte[] rgba);
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
            throw new InvalidDataException($"Cannot decode image file {path}: {result}.");
        var (h, w) = (info.Height, info.Width);
        var channels = color_mode switch { "rgb" => 3, "grayscale" => 1, _ => 4 };
        var pixelsOut = new byte[h * w * channels];
        for (int i = 0; i < h * w; i++)
        {
            var (r, g, b, a) = (rgba[4 * i], rgba[4 * i + 1], rgba[4 * i + 2], rgba[4 * i + 3]);
            switch (channels)
            {
                case 1:
                    // PIL's convert('L'): ITU-R 601-2 luma in fixed point.
                    pixelsOut[i] = (byte)((r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16);
                    break;
                case 3:
                    (pixelsOut[3 * i], pixelsOut[3 * i + 1], pixelsOut[3 * i + 2]) = (r, g, b);
                    break;
                default:
                    (pixelsOut[4 * i], pixelsOut[4 * i + 1], pixelsOut[4 * i + 2], pixelsOut[4 * i + 3]) = (r, g, b, a);
                    break;
            }
        }
        using var image = tensor(pixelsOut, new long[] { h, w, channels });
        if (target_size is not { } size || (size.Height == h && size.Width == w)) return image.to(float32);
        // PIL's NEAREST resize: output pixel i reads source floor((i + 0.5) · in / out).
        using var rows = ((arange(size.Height, float64) + 0.5) * ((double)h / size.Height)).floor().to(int64).clamp(0, h - 1);
        using var cols = ((arange(size.Width, float64) + 0.5) * ((double)w / size.Width)).floor().to(int64).clamp(0, w - 1);
        return image.index_select(0, rows).index_select(1, cols).to(float32);
    }
}
