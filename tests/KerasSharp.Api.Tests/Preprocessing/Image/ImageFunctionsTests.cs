using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using FluentAssertions;
using KerasSharp.Preprocessing.Image;
using KerasSharp.Tests.Harness;
using Newtonsoft.Json.Linq;
using Xunit;
using static KerasSharp.Preprocessing.Image.ImageFunctions;
using static TorchSharp.torch;
using K = KerasSharp.Backend.KerasBackend;

namespace KerasSharp.Tests.Preprocessing.Image;

/// <summary>
/// load_img, img_to_array, array_to_img and save_img against keras_preprocessing 1.1 with PIL 9.4
/// (Goldens/image_utils/make_image_utils_goldens.py): every colour mode, target size and PIL filter on the committed
/// PNGs value for value; the JPEG within 4 levels (libjpeg builds may decode differently).
/// </summary>
public sealed class ImageFunctionsTests : IDisposable
{
    private static readonly JToken Goldens = Golden.Load(Path.Combine("image_utils", "image_utils.json"));
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("kerassharp-image-functions");

    public void Dispose() => _dir.Delete(recursive: true);

    private static string File(string name) => Golden.PathOf(Path.Combine("image_utils", name));

    private static float[] Floats(JToken values) => values.Select(v => (float)(double)v).ToArray();

    public static IEnumerable<object[]> LoadCases() =>
        Goldens["load"]!.Select((c, i) => new object[] { i, $"{c["file"]} {c["color_mode"]} {c["target_size"]?.ToString(Newtonsoft.Json.Formatting.None)} {c["interpolation"]}" });

    [Theory]
    [MemberData(nameof(LoadCases))]
    public void Load_img_matches_pil(int index, string description)
    {
        var c = Goldens["load"]![index]!;
        (int, int)? target_size = c["target_size"] is JArray t ? ((int)t[0]!, (int)t[1]!) : null;
        var img = LoadImg(File((string)c["file"]!), color_mode: (string)c["color_mode"]!, target_size: target_size,
                          interpolation: (string)c["interpolation"]!);
        img.Mode.Should().Be((string)c["mode"]!);
        img.Size.Should().Be(((int)c["size"]![0]!, (int)c["size"]![1]!));
        using var x = ImgToArray(img);
        x.dtype.Should().Be(ScalarType.Float32);
        x.shape.Should().Equal(c["shape"]!.Select(v => (long)v), description);
        var expected = Floats(c["values"]!);
        if (((string)c["file"]!).EndsWith(".jpg", StringComparison.Ordinal))
        {
            // PIL's libjpeg and Skia's libjpeg-turbo give the same pixels here (0 difference on this machine); another
            // build's IDCT may round differently, so a JPEG is held to a few levels (docs/differences.md).
            Tensors.Values(x).Zip(expected, (a, e) => Math.Abs(a - e)).Max().Should().BeLessThanOrEqualTo(JpegTolerance, description);
        }
        else
        {
            Tensors.Values(x).Should().Equal(expected, description);
        }
    }

    private const float JpegTolerance = 4;

    [Fact]
    public void Deprecated_grayscale_flag_loads_grey_and_warns()
    {
        var g = Goldens["grayscale_flag"]!;
        Tensor? x = null;
        var warned = StandardError.Capture(() => x = ImgToArray(LoadImg(File("rgb.png"), grayscale: true)));
        warned.Should().Contain("UserWarning: " + (string)g["warning"]!);
        x!.shape.Should().Equal(g["shape"]!.Select(v => (long)v));
        Tensors.Values(x).Should().Equal(Floats(g["values"]!));
    }

    [Fact]
    public void Img_to_array_takes_data_format_and_dtype()
    {
        foreach (var c in Goldens["img_to_array"]!)
        {
            var img = c["file"] is null ? LoadImg(File("rgb.png")) : LoadImg(File((string)c["file"]!), color_mode: "grayscale");
            using var x = ImgToArray(img, data_format: (string)c["data_format"]!, dtype: (string)c["dtype"]!);
            x.dtype.Should().Be((string)c["dtype"]! switch { "float32" => ScalarType.Float32, "float64" => ScalarType.Float64, _ => ScalarType.Byte });
            x.shape.Should().Equal(c["shape"]!.Select(v => (long)v));
            Tensors.Values(x).Should().Equal(Floats(c["values"]!));
        }
    }

    [Fact]
    public void Array_to_img_scales_and_truncates_as_keras()
    {
        foreach (var c in Goldens["array_to_img"]!)
        {
            var shape = c["input_shape"]!.Select(v => (long)v).ToArray();
            using var x = tensor(c["input"]!.Select(v => (double)v).ToArray(), shape);
            var img = ArrayToImg(x, data_format: (string)c["data_format"]!, scale: (bool)c["scale"]!);
            var because = $"{c["name"]} scale={c["scale"]}";
            img.Mode.Should().Be((string)c["mode"]!, because);
            img.Size.Should().Be(((int)c["size"]![0]!, (int)c["size"]![1]!), because);
            using var bytes = img.ToArray();
            bytes.data<byte>().ToArray().Select(b => (int)b).Should().Equal(c["bytes"]!.Select(v => (int)v), because);
        }
    }

    [Fact]
    public void Save_img_png_loads_back_the_same_bytes()
    {
        // The docstring's round trip: load, to array, save, load again; a PNG keeps every byte, in every mode.
        foreach (var (name, mode) in new[] { ("rgb.png", "rgb"), ("rgba.png", "rgba"), ("grey.png", "grayscale") })
        {
            using var x = ImgToArray(LoadImg(File(name), color_mode: mode));
            var path = Path.Combine(_dir.FullName, "copy-" + name);
            SaveImg(path, x, scale: false);
            using var again = ImgToArray(LoadImg(path, color_mode: mode));
            Tensors.Values(again).Should().Equal(Tensors.Values(x), name);
            PilImage.Open(path).Mode.Should().Be(mode switch { "rgb" => "RGB", "rgba" => "RGBA", _ => "L" });
        }
    }

    [Fact]
    public void Rgba_goes_to_jpeg_only_when_the_format_says_so()
    {
        using var x = ImgToArray(LoadImg(File("rgba.png"), color_mode: "rgba"));
        var named = Path.Combine(_dir.FullName, "a.jpg");
        // save_img(path, x, file_format='jpg') converts to RGB with a warning; without file_format PIL refuses RGBA.
        StandardError.Capture(() => SaveImg(named, x, file_format: "jpg"))
            .Should().Contain("UserWarning: The JPG format does not support RGBA images, converting to RGB.");
        PilImage.Open(named).Mode.Should().Be("RGB");
        FluentActions.Invoking(() => SaveImg(Path.Combine(_dir.FullName, "b.jpg"), x)).Should().Throw<IOException>()
            .WithMessage("cannot write mode RGBA as JPEG*");
    }

    [Fact]
    public void The_keras_docstring_lines_port_line_for_line()
    {
        var img = LoadImg(File("rgb.png"), target_size: (224, 224));
        var x = ImgToArray(img);
        x = K.ExpandDims(x, axis: 0);
        x.shape.Should().Equal(1, 224, 224, 3);
    }

    [Fact]
    public void Bad_arguments_are_named()
    {
        FluentActions.Invoking(() => LoadImg(File("rgb.png"), color_mode: "cmyk")).Should().Throw<ArgumentException>()
            .WithMessage("color_mode must be \"grayscale\", \"rgb\", or \"rgba\"*'cmyk'*").And.ParamName.Should().Be("color_mode");
        FluentActions.Invoking(() => LoadImg(File("rgb.png"), target_size: (4, 4), interpolation: "cubic")).Should().Throw<ArgumentException>()
            .WithMessage("Invalid interpolation method cubic specified. Supported methods are nearest, bilinear, bicubic, hamming, box, lanczos*")
            .And.ParamName.Should().Be("interpolation");
        // As in Keras, the interpolation is only read when the image is resized.
        LoadImg(File("rgb.png"), target_size: (9, 13), interpolation: "cubic").Size.Should().Be((13, 9));
        FluentActions.Invoking(() => LoadImg(File("rgb.png"), target_size: (0, 4))).Should().Throw<ArgumentException>()
            .WithMessage("height and width must be > 0*").And.ParamName.Should().Be("size");
        FluentActions.Invoking(() => ImgToArray(LoadImg(File("rgb.png")), data_format: "nhwc")).Should().Throw<ArgumentException>()
            .WithMessage("*data_format='nhwc'*").And.ParamName.Should().Be("data_format");
        FluentActions.Invoking(() => ImgToArray(LoadImg(File("rgb.png")), dtype: "complex")).Should().Throw<ArgumentException>()
            .WithMessage("*dtype='complex'*").And.ParamName.Should().Be("dtype");
        FluentActions.Invoking(() => ArrayToImg(zeros(2, 2, 2))).Should().Throw<ArgumentException>()
            .WithMessage("Unsupported channel number: 2*").And.ParamName.Should().Be("x");
        FluentActions.Invoking(() => PilImage.FromArray(zeros(2, 2, 3))).Should().Throw<ArgumentException>()
            .WithMessage("Cannot handle this data type: (2, 2, 3), Float32*").And.ParamName.Should().Be("obj");
    }
}
