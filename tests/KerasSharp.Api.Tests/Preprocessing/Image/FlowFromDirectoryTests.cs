using System;
using System.IO;
using System.Linq;
using FluentAssertions;
using KerasSharp.Preprocessing.Image;
using KerasSharp.Tests.Harness;
using SkiaSharp;
using Xunit;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Preprocessing.Image;

/// <summary>flow_from_directory on a small tree written by the test (PNG and JPEG written by SkiaSharp).</summary>
public sealed class FlowFromDirectoryTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("kerassharp-images");

    public void Dispose() => _root.Delete(recursive: true);

    // A 4x6 RGB image whose pixel (r, c) is (value, 10·r, 10·c).
    private static byte[] Pixels(byte value, int h = 4, int w = 6)
    {
        var p = new byte[h * w * 3];
        for (int r = 0; r < h; r++)
            for (int c = 0; c < w; c++)
                (p[(r * w + c) * 3], p[(r * w + c) * 3 + 1], p[(r * w + c) * 3 + 2]) = (value, (byte)(10 * r), (byte)(10 * c));
        return p;
    }

    private void WritePng(string relative, byte value) => Write(relative, value, SKEncodedImageFormat.Png);

    private void WriteJpeg(string relative, byte value) => Write(relative, value, SKEncodedImageFormat.Jpeg);

    private void Write(string relative, byte value, SKEncodedImageFormat format)
    {
        var path = Path.Combine(_root.FullName, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var bitmap = new SKBitmap(new SKImageInfo(6, 4, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var rgb = Pixels(value);
        for (int i = 0; i < 24; i++) bitmap.SetPixel(i % 6, i / 6, new SKColor(rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2]));
        using var data = bitmap.Encode(format, 100);
        using var file = File.Create(path);
        data.SaveTo(file);
    }

    [Fact]
    public void Classes_are_sorted_subfolders_and_files_are_read_in_sorted_order()
    {
        WritePng("dog/b.png", 20);
        WritePng("dog/a.png", 10);
        WritePng("cat/z.png", 30);
        WritePng("cat/sub/y.png", 40);
        File.WriteAllText(Path.Combine(_root.FullName, "cat", "notes.txt"), "not an image");

        var flow = new ImageDataGenerator().FlowFromDirectory(_root.FullName, target_size: (4, 6), batch_size: 4, shuffle: false);

        flow.ClassIndices.Should().Equal(new System.Collections.Generic.Dictionary<string, int> { ["cat"] = 0, ["dog"] = 1 });
        flow.Filenames.Should().Equal(Path.Combine("cat", "z.png"), Path.Combine("cat", "sub", "y.png"), Path.Combine("dog", "a.png"), Path.Combine("dog", "b.png"));
        var (x, y, _) = flow.GetItem(0);
        x.shape.Should().Equal(4, 4, 6, 3);
        Tensors.Values(x[.., 0, 0, 0]).Should().Equal(30f, 40f, 10f, 20f);
        Tensors.Values(x[0, 3, 5]).Should().Equal(new[] { 30f, 30f, 50f }, "pixels decode exactly from PNG");
        Tensors.Values(y!).Should().Equal(1f, 0f, 1f, 0f, 0f, 1f, 0f, 1f);
    }

    [Fact]
    public void Jpeg_grayscale_resize_and_class_modes()
    {
        WriteJpeg("a/one.jpg", 200);
        WritePng("b/two.png", 100);

        var generator = new ImageDataGenerator();
        var (x, y, _) = generator.FlowFromDirectory(_root.FullName, target_size: (2, 3), batch_size: 2, shuffle: false, class_mode: "sparse").GetItem(0);
        x.shape.Should().Equal(2, 2, 3, 3);
        // PIL's nearest resize: output row i reads source floor((i + 0.5)·4/2), column j reads floor((j + 0.5)·6/3).
        Tensors.Values(x[1, 1, 2]).Should().Equal(100f, 30f, 50f);
        Tensors.Values(x[0, 0, 0]).Zip(new[] { 200f, 10f, 10f }).Should().OnlyContain(p => Math.Abs(p.First - p.Second) <= 3, "JPEG quality 100 decodes within a few levels");
        Tensors.Values(y!).Should().Equal(0f, 1f);

        var gray = generator.FlowFromDirectory(_root.FullName, target_size: (4, 6), color_mode: "grayscale", class_mode: null, batch_size: 2, shuffle: false).GetItem(0);
        gray.x.shape.Should().Equal(2, 4, 6, 1);
        gray.y.Should().BeNull();
        // PIL 'L': (R·19595 + G·38470 + B·7471 + 32768) >> 16 for pixel (0, 0) of the PNG = (100, 0, 0).
        gray.x[1, 0, 0, 0].item<float>().Should().Be((100 * 19595 + 32768) >> 16);
    }

    [Fact]
    public void Validation_split_takes_the_first_files_of_each_class()
    {
        foreach (var name in new[] { "a", "b", "c", "d" }) WritePng($"k/{name}.png", (byte)name[0]);
        var generator = new ImageDataGenerator(validation_split: 0.25);
        generator.FlowFromDirectory(_root.FullName, target_size: (4, 6), subset: "validation").Filenames.Should().Equal(Path.Combine("k", "a.png"));
        generator.FlowFromDirectory(_root.FullName, target_size: (4, 6), subset: "training").N.Should().Be(3);
    }

    [Fact]
    public void A_missing_folder_and_a_corrupt_image_are_named()
    {
        FluentActions.Invoking(() => new ImageDataGenerator().FlowFromDirectory(Path.Combine(_root.FullName, "nope")))
            .Should().Throw<DirectoryNotFoundException>().WithMessage("*nope*");
        Directory.CreateDirectory(Path.Combine(_root.FullName, "k"));
        var bad = Path.Combine(_root.FullName, "k", "broken.png");
        File.WriteAllBytes(bad, new byte[] { 1, 2, 3 });
        FluentActions.Invoking(() => ImageFiles.LoadImg(bad)).Should().Throw<InvalidDataException>().WithMessage($"*{bad}*");
    }
}
