using System;
using System.IO;
using System.Linq;
using SkiaSharp;
using static TorchSharp.torch;

namespace KerasSharp.Preprocessing.Image;

/// <summary>
/// What keras_preprocessing calls a "PIL image" (PIL's <c>Image.Image</c>) for the 8-bit modes it uses: 'L' (grey),
/// 'RGB' and 'RGBA', held as bytes. <c>load_img</c> returns one, <c>img_to_array</c> and <c>array_to_img</c> convert
/// to and from tensors (<see cref="ImageFunctions"/>). Files are decoded and encoded through SkiaSharp; conversions
/// and resizing are PIL 9.4's, value for value.
/// </summary>
public sealed class PilImage
{
    private readonly byte[] _pixels;

    private PilImage(string mode, int width, int height, byte[] pixels) =>
        (Mode, Width, Height, _pixels) = (mode, width, height, pixels);

    /// <summary>'L', 'RGB' or 'RGBA'.</summary>
    public string Mode { get; }

    public int Width { get; }

    public int Height { get; }

    /// <summary>PIL's <c>img.size</c>: (width, height).</summary>
    public (int Width, int Height) Size => (Width, Height);

    /// <summary>Bytes a pixel: PIL's <c>len(img.getbands())</c>.</summary>
    public int Bands => Mode.Length;

    /// <summary>
    /// <c>Image.open(fp)</c> with the pixels read: a grey PNG or JPEG opens as 'L', an image with an alpha channel as
    /// 'RGBA', any other as 'RGB' (a palette image as the colours it shows).
    /// </summary>
    public static PilImage Open(string fp)
    {
        using var codec = SKCodec.Create(fp)
            ?? throw new InvalidDataException($"Cannot decode image file {fp}: not a PNG, JPEG, BMP, GIF or WebP image, or corrupt.");
        var grey = codec.Info.ColorType == SKColorType.Gray8;
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, grey ? SKColorType.Gray8 : SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var result = codec.GetPixels(info, out byte[] decoded);
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
            throw new InvalidDataException($"Cannot decode image file {fp}: {result}.");
        var image = new PilImage(grey ? "L" : "RGBA", info.Width, info.Height, decoded);
        return grey || codec.Info.AlphaType != SKAlphaType.Opaque ? image : image.Convert("RGB");
    }

    /// <summary>
    /// <c>Image.fromarray(obj, mode=None)</c> for uint8 arrays: (H, W) is 'L', (H, W, 3) 'RGB', (H, W, 4) 'RGBA'.
    /// </summary>
    public static PilImage FromArray(Tensor obj, string? mode = null)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var implied = (obj.dtype, obj.ndim, obj.ndim == 3 ? obj.shape[2] : 0) switch
        {
            (ScalarType.Byte, 2, _) => "L",
            (ScalarType.Byte, 3, 3) => "RGB",
            (ScalarType.Byte, 3, 4) => "RGBA",
            _ => throw new ArgumentException($"Cannot handle this data type: {Layer.ShapeText(obj.shape)}, {obj.dtype}. PilImage holds uint8 images of shape (H, W), (H, W, 3) or (H, W, 4).", nameof(obj)),
        };
        if (mode is not null && mode != implied)
            throw new ArgumentException($"Image.fromarray of a uint8 array of shape {Layer.ShapeText(obj.shape)} gives mode '{implied}'. Received: mode='{mode}'", nameof(mode));
        return new PilImage(implied, (int)obj.shape[1], (int)obj.shape[0], obj.cpu().contiguous().data<byte>().ToArray());
    }

    /// <summary>The pixels as a uint8 (H, W) tensor for 'L', (H, W, bands) otherwise: numpy's <c>np.asarray(img)</c>.</summary>
    public Tensor ToArray() =>
        Mode == "L" ? tensor(_pixels, new long[] { Height, Width }) : tensor(_pixels, new long[] { Height, Width, Bands });

    /// <summary>
    /// <c>img.convert(mode)</c> between 'L', 'RGB' and 'RGBA': grey is ITU-R 601-2 luma in PIL's fixed point (alpha
    /// ignored); grey and RGB gain an opaque alpha; RGBA to RGB drops the alpha.
    /// </summary>
    public PilImage Convert(string mode)
    {
        mode = CheckMode(mode, nameof(mode));
        var n = Width * Height;
        var bands = mode.Length;
        var output = new byte[n * bands];
        for (int i = 0; i < n; i++)
        {
            var (r, g, b, a) = Bands == 1
                ? (_pixels[i], _pixels[i], _pixels[i], (byte)255)
                : (_pixels[Bands * i], _pixels[Bands * i + 1], _pixels[Bands * i + 2], Bands == 4 ? _pixels[Bands * i + 3] : (byte)255);
            if (bands == 1)
            {
                // Convert.c's L24: a 1000-scaled luma in 16.16 fixed point, rounded.
                output[i] = Mode == "L" ? r : (byte)((r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16);
                continue;
            }
            (output[bands * i], output[bands * i + 1], output[bands * i + 2]) = (r, g, b);
            if (bands == 4) output[bands * i + 3] = a;
        }
        return new PilImage(mode, Width, Height, output);
    }

    /// <summary>
    /// <c>img.resize(size, resample)</c>, PIL 9.4's rules: the same size gives a copy; an RGBA image is resized with
    /// its colours premultiplied by alpha (but for NEAREST); the filters are Resample.c's (<see cref="PilResample"/>).
    /// </summary>
    /// <param name="size">(width, height), as PIL takes it.</param>
    /// <param name="resample">PIL's default for 8-bit modes is BICUBIC.</param>
    public PilImage Resize((int Width, int Height) size, Resampling resample = Resampling.Bicubic)
    {
        if (size.Width < 1 || size.Height < 1)
            throw new ArgumentException($"height and width must be > 0. Received: size={size}", nameof(size));
        if (!Enum.IsDefined(resample))
            throw new ArgumentException($"Unknown resampling filter ({(int)resample}).", nameof(resample));
        if (size == Size) return new PilImage(Mode, Width, Height, (byte[])_pixels.Clone());
        var premultiply = Mode == "RGBA" && resample != Resampling.Nearest;
        var pixels = premultiply ? Premultiplied() : _pixels;
        var resized = PilResample.Resize(pixels, Bands, Width, Height, size.Width, size.Height, resample);
        if (premultiply) Unpremultiply(resized);
        return new PilImage(Mode, size.Width, size.Height, resized);
    }

    // Convert.c's rgbA2rgba: each colour times alpha / 255, rounded with MULDIV255.
    private byte[] Premultiplied()
    {
        var output = (byte[])_pixels.Clone();
        for (int i = 0; i < output.Length; i += 4)
            for (int c = 0; c < 3; c++)
            {
                var tmp = output[i + c] * output[i + 3] + 128;
                output[i + c] = (byte)(((tmp >> 8) + tmp) >> 8);
            }
        return output;
    }

    // Convert.c's rgba2rgbA: each colour times 255 / alpha, truncated and clipped; alpha 0 and 255 leave it as is.
    private static void Unpremultiply(byte[] pixels)
    {
        for (int i = 0; i < pixels.Length; i += 4)
        {
            var alpha = pixels[i + 3];
            if (alpha is 0 or 255) continue;
            for (int c = 0; c < 3; c++) pixels[i + c] = (byte)Math.Min(255 * pixels[i + c] / alpha, 255);
        }
    }

    /// <summary>
    /// <c>img.save(fp, format=None)</c> for PNG and JPEG (quality 75, PIL's default); the format comes from
    /// <paramref name="fp"/>'s extension unless given. JPEG cannot hold an alpha channel: an 'RGBA' image is refused,
    /// as PIL refuses it.
    /// </summary>
    /// <param name="format">'png', 'jpeg' or 'jpg', any case.</param>
    public void Save(string fp, string? format = null) => Save(fp, EncodedFormat(fp, format, nameof(fp), nameof(format)));

    /// <summary>PNG or JPEG, from <paramref name="format"/> or else <paramref name="fp"/>'s extension; errors name the caller's arguments.</summary>
    internal static SKEncodedImageFormat EncodedFormat(string fp, string? format, string fpArgument, string formatArgument) =>
        format is null
            ? Path.GetExtension(fp).TrimStart('.').ToLowerInvariant() switch
            {
                "png" => SKEncodedImageFormat.Png,
                "jpg" or "jpeg" => SKEncodedImageFormat.Jpeg,
                _ => throw new ArgumentException($"PNG and JPEG files are written: give {fpArgument} a .png, .jpg or .jpeg extension, or a {formatArgument}. Received: {fpArgument}='{fp}'", fpArgument),
            }
            : ArgumentValidation.OneOf(formatArgument, format, "png", "jpeg", "jpg") == "png" ? SKEncodedImageFormat.Png : SKEncodedImageFormat.Jpeg;

    internal void Save(string fp, SKEncodedImageFormat encoded)
    {
        if (encoded == SKEncodedImageFormat.Jpeg && Mode == "RGBA")
            throw new IOException($"cannot write mode RGBA as JPEG: {fp}");
        // Skia has no packed 3-byte format: RGB goes as opaque RGBA, which its PNG encoder writes as RGB, like PIL's
        // 'RGB' mode.
        var pixels = Mode == "RGB" ? Convert("RGBA")._pixels : _pixels;
        var info = new SKImageInfo(Width, Height, Mode == "L" ? SKColorType.Gray8 : SKColorType.Rgba8888,
                                   Mode == "RGBA" ? SKAlphaType.Unpremul : SKAlphaType.Opaque);
        using var image = SKImage.FromPixelCopy(info, pixels);
        using var data = image.Encode(encoded, 75)
            ?? throw new InvalidOperationException($"SkiaSharp could not encode a {Width}x{Height} {Mode} image as {encoded}.");
        using var file = File.Create(fp);
        data.SaveTo(file);
    }

    private static string CheckMode(string mode, string argument) =>
        mode is "L" or "RGB" or "RGBA" ? mode
            : throw new ArgumentException($"PilImage holds the modes 'L', 'RGB' and 'RGBA'. Received: {argument}='{mode}'", argument);

    public override string ToString() => $"<PilImage mode={Mode} size={Width}x{Height}>";
}
