using System;
using System.Collections.Generic;
using System.Linq;
using KerasSharp.Backend;
using static TorchSharp.torch;
using K = KerasSharp.Backend.KerasBackend;

namespace KerasSharp.Preprocessing.Image;

/// <summary>
/// The module functions of <c>keras.preprocessing.image</c> (keras_preprocessing 1.1's image/utils.py behind Keras
/// 2.2.4's defaults), imported with <c>using static</c>: <c>var img = LoadImg(path, target_size: (224, 224));
/// var x = ImgToArray(img);</c>. Images are <see cref="PilImage"/>s, arrays TorchSharp tensors.
/// </summary>
public static class ImageFunctions
{
    private static readonly Dictionary<string, Resampling> InterpolationMethods = new()
    {
        ["nearest"] = Resampling.Nearest, ["bilinear"] = Resampling.Bilinear, ["bicubic"] = Resampling.Bicubic,
        ["hamming"] = Resampling.Hamming, ["box"] = Resampling.Box, ["lanczos"] = Resampling.Lanczos,
    };

    /// <summary><c>load_img</c>: opens <paramref name="path"/>, converts it to the colour mode and resizes it.</summary>
    /// <param name="grayscale">Deprecated: <c>color_mode: "grayscale"</c> (warns, as Keras does).</param>
    /// <param name="color_mode">'grayscale' (PIL's 'L'), 'rgb' or 'rgba'.</param>
    /// <param name="target_size">(height, width), or null to keep the file's size.</param>
    /// <param name="interpolation">PIL's filter for a resize: 'nearest', 'bilinear', 'bicubic', 'hamming', 'box' or 'lanczos'.</param>
    public static PilImage LoadImg(string path, bool grayscale = false, string color_mode = "rgb",
                                   (int Height, int Width)? target_size = null, string interpolation = "nearest")
    {
        if (grayscale)
        {
            ImageDataGenerator.Warn("grayscale is deprecated. Please use color_mode = \"grayscale\"");
            color_mode = "grayscale";
        }
        var img = PilImage.Open(path);
        var mode = color_mode switch
        {
            "grayscale" => "L",
            "rgba" => "RGBA",
            "rgb" => "RGB",
            _ => throw new ArgumentException($"color_mode must be \"grayscale\", \"rgb\", or \"rgba\". Received: color_mode='{color_mode}'", nameof(color_mode)),
        };
        if (img.Mode != mode) img = img.Convert(mode);
        if (target_size is { } size)
        {
            var width_height_tuple = (size.Width, size.Height);
            if (img.Size != width_height_tuple)
            {
                if (!InterpolationMethods.TryGetValue(interpolation, out var resample))
                    throw new ArgumentException($"Invalid interpolation method {interpolation} specified. Supported methods are {string.Join(", ", InterpolationMethods.Keys)}", nameof(interpolation));
                img = img.Resize(width_height_tuple, resample);
            }
        }
        return img;
    }

    /// <summary><c>img_to_array</c>: (H, W, C) or, channels_first, (C, H, W); a grey image has one channel.</summary>
    /// <param name="data_format">null: <c>K.image_data_format()</c>.</param>
    /// <param name="dtype">null: <c>K.floatx()</c> ('float32').</param>
    public static Tensor ImgToArray(PilImage img, string? data_format = null, string? dtype = null)
    {
        ArgumentNullException.ThrowIfNull(img);
        data_format = ArgumentValidation.OneOf(nameof(data_format), data_format ?? K.ImageDataFormat(), "channels_first", "channels_last");
        var type = Dtypes.Parse(dtype ?? K.FloatX(), nameof(dtype));
        using var scope = NewDisposeScope();
        var x = img.ToArray();
        if (x.ndim == 2) x = x.unsqueeze(-1);
        if (data_format == "channels_first") x = x.permute(2, 0, 1);
        return x.to_type(type).contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>
    /// <c>array_to_img</c>: a (H, W, C) or (C, H, W) array of 1, 3 or 4 channels to an 'L', 'RGB' or 'RGBA' image. With
    /// <paramref name="scale"/>, a negative minimum is shifted to 0, then the array divided by its maximum (when not
    /// 0) and multiplied by 255; then cast to bytes as numpy casts (truncated).
    /// </summary>
    /// <param name="dtype">The type the arithmetic runs in; null: <c>K.floatx()</c>.</param>
    public static PilImage ArrayToImg(Tensor x, string? data_format = null, bool scale = true, string? dtype = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        data_format = ArgumentValidation.OneOf(nameof(data_format), data_format ?? K.ImageDataFormat(), "channels_first", "channels_last");
        using var scope = NewDisposeScope();
        x = x.to_type(Dtypes.Parse(dtype ?? K.FloatX(), nameof(dtype))).cpu();
        if (x.ndim != 3)
            throw new ArgumentException($"Expected image array to have rank 3 (single image). Got array with shape: {Layer.ShapeText(x.shape)}", nameof(x));
        if (data_format == "channels_first") x = x.permute(1, 2, 0);
        if (scale)
        {
            x = x + (-x.min()).clamp_min(0);
            var x_max = x.max();
            if (x_max.ne(0).item<bool>()) x = x / x_max;
            x = x * 255;
        }
        var channels = x.shape[2];
        if (channels is not (1 or 3 or 4))
            throw new ArgumentException($"Unsupported channel number: {channels}", nameof(x));
        // numpy's float-to-uint8 cast on x86: truncated to an integer, which keeps its low byte.
        var bytes = x.to_type(ScalarType.Int64).bitwise_and(255).to_type(ScalarType.Byte);
        return PilImage.FromArray(channels == 1 ? bytes[.., .., 0] : bytes);
    }

    /// <summary>
    /// <c>save_img</c>: <see cref="ArrayToImg"/> then <see cref="PilImage.Save(string, string?)"/> (PNG or JPEG). An 'RGBA' image with
    /// <paramref name="file_format"/> 'jpg' or 'jpeg' is converted to 'RGB' with a warning, as Keras does.
    /// </summary>
    /// <param name="file_format">'png', 'jpeg' or 'jpg'; null: from <paramref name="path"/>'s extension.</param>
    public static void SaveImg(string path, Tensor x, string? data_format = null, string? file_format = null, bool scale = true) =>
        Save(path, x, data_format, file_format, scale, rgbaJpegAsRgb: file_format?.ToLowerInvariant() is "jpg" or "jpeg");

    /// <summary>save_img; <paramref name="rgbaJpegAsRgb"/>: whether an 'RGBA' image bound for a JPEG file loses its alpha (with a warning).</summary>
    internal static void Save(string path, Tensor x, string? data_format, string? file_format, bool scale, bool rgbaJpegAsRgb)
    {
        var format = PilImage.EncodedFormat(path, file_format, nameof(path), nameof(file_format));
        var img = ArrayToImg(x, data_format: data_format, scale: scale);
        if (img.Mode == "RGBA" && format == SkiaSharp.SKEncodedImageFormat.Jpeg && rgbaJpegAsRgb)
        {
            ImageDataGenerator.Warn("The JPG format does not support RGBA images, converting to RGB.");
            img = img.Convert("RGB");
        }
        img.Save(path, format);
    }
}
