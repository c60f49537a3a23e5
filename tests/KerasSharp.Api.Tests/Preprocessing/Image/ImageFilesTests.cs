using System;
using System.IO;
using System.Linq;
using FluentAssertions;
using KerasSharp.Preprocessing.Image;
using SkiaSharp;
using Xunit;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Preprocessing.Image;

/// <summary>SaveImg: keras_preprocessing's save_img, files read back through SkiaSharp's decoder.</summary>
public sealed class ImageFilesTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("kerassharp-save");

    public void Dispose() => _dir.Delete(recursive: true);

    // A 2x2 RGB image, channels_last, with a negative minimum (-2) and, once shifted, a maximum of 8.
    internal static Tensor Rgb() => tensor(new float[] { -2, 0, 6, -1, 2, 6, 1, 3, 4, 5, 6, 0 }).view(2, 2, 3);

    // array_to_img(scale=True) by hand: + 2, / 8, · 255, truncated; 2 → 63.75 → 63, 4 → 127.5 → 127, 5 → 159.375 → 159.
    // keras_preprocessing 1.1.0's array_to_img gives the same bytes.
    internal static readonly byte[][] RgbBytes = [[0, 63, 255], [31, 127, 255], [95, 159, 191], [223, 255, 63]];

    internal static byte[][] DecodedRgb(string path)
    {
        using var bitmap = SKBitmap.Decode(path);
        return Enumerable.Range(0, bitmap.Width * bitmap.Height)
            .Select(i => bitmap.GetPixel(i % bitmap.Width, i / bitmap.Width))
            .Select(c => new[] { c.Red, c.Green, c.Blue }).ToArray();
    }

    // Byte 25 of a PNG is IHDR's colour type: 0 grey, 2 RGB, 6 RGBA (PIL's modes 'L', 'RGB', 'RGBA').
    private static byte PngColourType(string path) => File.ReadAllBytes(path)[25];

    private string PathOf(string name) => Path.Combine(_dir.FullName, name);

    [Fact]
    public void Png_holds_array_to_img_bytes_exactly()
    {
        ImageFiles.SaveImg(PathOf("a.png"), Rgb());
        ImageFiles.SaveImg(PathOf("shifted.png"), Rgb() + 2);
        ImageFiles.SaveImg(PathOf("first.png"), Rgb().permute(2, 0, 1), data_format: "channels_first");

        DecodedRgb(PathOf("a.png")).Should().BeEquivalentTo(RgbBytes, o => o.WithStrictOrdering());
        DecodedRgb(PathOf("shifted.png")).Should().BeEquivalentTo(RgbBytes, o => o.WithStrictOrdering(), "a minimum of 0 is not shifted, and the maximum is again 8");
        DecodedRgb(PathOf("first.png")).Should().BeEquivalentTo(RgbBytes, o => o.WithStrictOrdering());
        PngColourType(PathOf("a.png")).Should().Be(2);
    }

    [Fact]
    public void Grey_and_rgba_keep_their_channels()
    {
        // Grey [-3, 1, 5, -1]: + 3 → [0, 4, 8, 2], / 8 · 255 → [0, 127, 255, 63].
        ImageFiles.SaveImg(PathOf("grey.png"), tensor(new float[] { -3, 1, 5, -1 }).view(2, 2, 1));
        PngColourType(PathOf("grey.png")).Should().Be(0);
        using (var grey = SKBitmap.Decode(PathOf("grey.png")))
            new[] { grey.GetPixel(0, 0), grey.GetPixel(1, 0), grey.GetPixel(0, 1), grey.GetPixel(1, 1) }.Select(c => c.Red)
                .Should().Equal(0, 127, 255, 63);

        // RGBA [0, 1, 2, 4], [4, 2, 1, 0]: / 4 · 255 → [0, 63, 127, 255], [255, 127, 63, 0]; unscaled values stay as they are.
        ImageFiles.SaveImg(PathOf("rgba.png"), tensor(new float[] { 0, 1, 2, 4, 4, 2, 1, 0 }).view(1, 2, 4));
        ImageFiles.SaveImg(PathOf("raw.png"), tensor(new float[] { 10, 20, 30, 40, 50, 60, 70, 80 }).view(1, 2, 4), scale: false);
        PngColourType(PathOf("rgba.png")).Should().Be(6);
        using var codec = SKCodec.Create(PathOf("rgba.png"));
        codec.GetPixels(new SKImageInfo(2, 1, SKColorType.Rgba8888, SKAlphaType.Unpremul), out byte[] rgba);
        rgba.Should().Equal(0, 63, 127, 255, 255, 127, 63, 0);
        using var rawCodec = SKCodec.Create(PathOf("raw.png"));
        rawCodec.GetPixels(new SKImageInfo(2, 1, SKColorType.Rgba8888, SKAlphaType.Unpremul), out byte[] raw);
        raw.Should().Equal(10, 20, 30, 40, 50, 60, 70, 80);
    }

    // Two flat 8x8 halves, (1, 2, 4) and (4, 0, 1): scaled by 255 / 4 to (63, 127, 255) and (255, 0, 63).
    internal static Tensor Halves() =>
        cat([tensor(new float[] { 1, 2, 4 }).expand(8, 8, 3), tensor(new float[] { 4, 0, 1 }).expand(8, 8, 3)], 1);

    internal static void HalvesDecodeClose(string path)
    {
        using var bitmap = SKBitmap.Decode(path);
        (bitmap.Width, bitmap.Height).Should().Be((16, 8));
        // Centres of the halves, away from the edge that JPEG's blocks and chroma subsampling blur.
        Close(bitmap.GetPixel(3, 4), 63, 127, 255);
        Close(bitmap.GetPixel(12, 4), 255, 0, 63);
    }

    private static void Close(SKColor c, int r, int g, int b) =>
        new[] { c.Red - r, c.Green - g, c.Blue - b }.Should().OnlyContain(d => Math.Abs(d) <= 8, $"{c} is close to ({r}, {g}, {b})");

    [Fact]
    public void Jpeg_decodes_close_to_the_pixels()
    {
        ImageFiles.SaveImg(PathOf("a.jpg"), Halves());
        ImageFiles.SaveImg(PathOf("b.jpeg"), Halves());
        ImageFiles.SaveImg(PathOf("c.png"), Halves(), file_format: "jpeg");
        // An alpha of 2 (127 once scaled) is dropped, as save_img's convert('RGB') does, not blended into the colours.
        ImageFiles.SaveImg(PathOf("rgba.jpg"), cat([Halves(), full(8, 16, 1, 2f)], 2));

        File.ReadAllBytes(PathOf("c.png")).Take(2).Should().Equal(new byte[] { 0xFF, 0xD8 }, "file_format overrides the extension");
        foreach (var name in new[] { "a.jpg", "b.jpeg", "c.png", "rgba.jpg" }) HalvesDecodeClose(PathOf(name));
    }

    [Fact]
    public void Bad_arguments_are_named()
    {
        FluentActions.Invoking(() => ImageFiles.SaveImg(PathOf("a.png"), Rgb(), file_format: "gif")).Should().Throw<ArgumentException>()
            .WithMessage("*file_format=*'gif'*").And.ParamName.Should().Be("file_format");
        FluentActions.Invoking(() => ImageFiles.SaveImg(PathOf("a.bmp"), Rgb())).Should().Throw<ArgumentException>()
            .WithMessage("*path='*a.bmp'*").And.ParamName.Should().Be("path");
        FluentActions.Invoking(() => ImageFiles.SaveImg(PathOf("a.png"), zeros(2, 2))).Should().Throw<ArgumentException>()
            .WithMessage("*rank 3*(2, 2)*").And.ParamName.Should().Be("x");
        FluentActions.Invoking(() => ImageFiles.SaveImg(PathOf("a.png"), zeros(2, 2, 2))).Should().Throw<ArgumentException>()
            .WithMessage("Unsupported channel number: 2*").And.ParamName.Should().Be("x");
        FluentActions.Invoking(() => ImageFiles.SaveImg(PathOf("a.png"), Rgb(), data_format: "nhwc")).Should().Throw<ArgumentException>()
            .WithMessage("*data_format='nhwc'*").And.ParamName.Should().Be("data_format");
        _dir.GetFiles().Should().BeEmpty();
    }
}
