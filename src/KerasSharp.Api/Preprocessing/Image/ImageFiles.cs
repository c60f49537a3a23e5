using System;
using System.IO;
using SkiaSharp;
using static TorchSharp.torch;

namespace KerasSharp.Preprocessing.Image;

/// <summary>
/// keras_preprocessing's <c>load_img</c> + <c>img_to_array</c>: decodes a PNG, JPEG, BMP... file (SkiaSharp, no
/// Python) to a float32 (H, W, C) tensor in the colour mode asked for, resized with PIL's nearest-neighbour rule;
/// and its <c>save_img</c> (<c>array_to_img</c> + PIL's <c>save</c>), encoding PNG or JPEG through SkiaSharp.
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

    /// <summary>
    /// Saves the (H, W, C) or (C, H, W) image <paramref name="x"/> with 1 (grey), 3 (RGB) or 4 (RGBA) channels as
    /// PNG or JPEG. With <paramref name="scale"/>, array_to_img's rule: a negative minimum is shifted to 0, then the
    /// image is divided by its maximum (when not 0) and multiplied by 255; then truncated to bytes.
    /// </summary>
    /// <param name="file_format">'png', 'jpeg' or 'jpg' (any case); null: from <paramref name="path"/>'s extension.</param>
    public static void SaveImg(string path, Tensor x, string data_format = "channels_last", string? file_format = null,
                               bool scale = true)
    {
        data_format = ArgumentValidation.OneOf(nameof(data_format), data_format, "channels_first", "channels_last");
        if (x.ndim != 3)
            throw new ArgumentException($"Expected image array to have rank 3 (single image). Got array with shape: {Layer.ShapeText(x.shape)}", nameof(x));
        var format = file_format is null
            ? Path.GetExtension(path).TrimStart('.').ToLowerInvariant() switch
            {
                "png" => SKEncodedImageFormat.Png,
                "jpg" or "jpeg" => SKEncodedImageFormat.Jpeg,
                _ => throw new ArgumentException($"SaveImg writes PNG and JPEG files: give path a .png, .jpg or .jpeg extension, or a file_format. Received: path='{path}'", nameof(path)),
            }
            : ArgumentValidation.OneOf(nameof(file_format), file_format, "png", "jpeg", "jpg") == "png" ? SKEncodedImageFormat.Png : SKEncodedImageFormat.Jpeg;
        using var scope = NewDisposeScope();
        var img = x.to(float32).cpu();
        if (data_format == "channels_first") img = img.permute(1, 2, 0);
        var (h, w, c) = ((int)img.shape[0], (int)img.shape[1], (int)img.shape[2]);
        if (c is not (1 or 3 or 4)) throw new ArgumentException($"Unsupported channel number: {c}", nameof(x));
        if (scale)
        {
            img = img + (-img.min()).clamp_min(0);
            var max = img.max().item<float>();
            if (max != 0) img = img / max;
            img = img * 255;
        }
        var bytes = img.to(ScalarType.Byte);
        // Skia has no packed 3-byte format: RGB goes as opaque RGBA, which its PNG encoder writes as RGB, like PIL's
        // 'RGB' mode. Its JPEG encoder drops an alpha channel, as save_img converts RGBA to RGB for JPEG.
        if (c == 3) bytes = cat([bytes, full(h, w, 1, (byte)255, ScalarType.Byte)], 2);
        var info = new SKImageInfo(w, h, c == 1 ? SKColorType.Gray8 : SKColorType.Rgba8888,
                                   c == 4 ? SKAlphaType.Unpremul : SKAlphaType.Opaque);
        using var image = SKImage.FromPixelCopy(info, bytes.contiguous().data<byte>().ToArray());
        // 75: PIL's default JPEG quality (PNG ignores it).
        using var data = image.Encode(format, 75)
            ?? throw new InvalidOperationException($"SkiaSharp could not encode a {w}x{h}x{c} image as {format}.");
        using var file = File.Create(path);
        data.SaveTo(file);
    }
}
