using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using FluentAssertions;
using KerasSharp.Applications;
using KerasSharp.Tests.Harness;
using Newtonsoft.Json.Linq;
using Xunit;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Applications;

/// <summary>
/// preprocess_input and decode_predictions against keras_applications 1.0.8's own functions (make_applications.py
/// runs them on the same arrays): every mode and data format, float32 and uint8 input; the class index in
/// <c>$KERAS_HOME/models</c>, fetched when absent.
/// </summary>
public sealed class ImagenetUtilsTests
{
    private static JArray Preprocess => (JArray)Golden.Load("applications/preprocess.json");

    public static IEnumerable<object[]> PreprocessCases => Enumerable.Range(0, Preprocess.Count).Select(i => new object[] { i });

    [Theory]
    [MemberData(nameof(PreprocessCases))]
    public void Preprocess_input_matches_Keras(int index)
    {
        var c = Preprocess[index];
        using var input = Golden.Tensor(c["input"]!);
        using var x = (string)c["dtype"]! == "uint8" ? input.to_type(ScalarType.Byte) : input;

        using var y = imagenet_utils.PreprocessInput(x, data_format: (string)c["data_format"]!, mode: (string)c["mode"]!);

        y.dtype.Should().Be(ScalarType.Float32, "Keras casts integer input to floatx ({0})", (string)c["output_dtype"]!);
        Golden.ShouldMatch(y, c["output"]!, tolerance: 1e-6);
        Tensors.Values(x.to_type(ScalarType.Float32)).Should().Equal(Tensors.Values(input), "the input is left as it was");
    }

    [Fact]
    public void Each_module_preprocesses_in_its_mode()
    {
        var c = Preprocess.First(c => (string)c["data_format"]! == "channels_last" && (string)c["dtype"]! == "float32");
        using var x = Golden.Tensor(c["input"]!);
        var caffe = new Func<Tensor, Tensor>[] { t => vgg16.PreprocessInput(t), t => vgg19.PreprocessInput(t), t => resnet50.PreprocessInput(t) };
        var tf = new Func<Tensor, Tensor>[] { t => mobilenet.PreprocessInput(t), t => mobilenet_v2.PreprocessInput(t), t => inception_v3.PreprocessInput(t), t => xception.PreprocessInput(t) };
        using var expectedCaffe = imagenet_utils.PreprocessInput(x, mode: "caffe");
        using var expectedTf = imagenet_utils.PreprocessInput(x, mode: "tf");
        // Keras's caffe output subtracts 103.939 from the blue channel (the input's last); tf's is x / 127.5 - 1.
        (expectedCaffe[0, 0, 0, 0].item<float>() - (x[0, 0, 0, 2].item<float>() - 103.939f)).Should().Be(0f);
        (expectedTf[0, 0, 0, 0].item<float>() - (x[0, 0, 0, 0].item<float>() / 127.5f - 1f)).Should().BeApproximately(0f, 1e-6f);
        foreach (var f in caffe) Tensors.Values(f(x)).Should().Equal(Tensors.Values(expectedCaffe));
        foreach (var f in tf) Tensors.Values(f(x)).Should().Equal(Tensors.Values(expectedTf));
    }

    [Fact]
    public void An_unknown_mode_or_data_format_is_an_error()
    {
        using var x = ones(1, 2, 2, 3);
        FluentActions.Invoking(() => imagenet_utils.PreprocessInput(x, mode: "keras")).Should().Throw<ArgumentException>()
            .WithMessage("Expected mode to be one of `caffe`, `tf` or `torch`. Received: mode=keras*").Which.ParamName.Should().Be("mode");
        FluentActions.Invoking(() => imagenet_utils.PreprocessInput(x, data_format: "channels_middle")).Should().Throw<ArgumentException>()
            .WithMessage("Unknown data_format channels_middle*").Which.ParamName.Should().Be("data_format");
        FluentActions.Invoking(() => imagenet_utils.PreprocessInput(ones(2, 3))).Should().Throw<ArgumentException>()
            .WithMessage("*image (3D) or a batch of images (4D)*(2, 3)*");
    }

    [Fact]
    public void Decode_predictions_matches_Keras()
    {
        using var home = ClassIndexHome();
        var golden = (JObject)Golden.Load("applications/decode.json");
        using var preds = Golden.Tensor(golden["preds"]!);

        foreach (var top in new[] { 5, 3, 1 })
        {
            var decoded = top == 5 ? vgg16.DecodePredictions(preds) : imagenet_utils.DecodePredictions(preds, top: top);
            var expected = (JArray)golden["top"]![top.ToString(System.Globalization.CultureInfo.InvariantCulture)]!;
            decoded.Should().HaveCount(2);
            for (int row = 0; row < 2; row++)
                decoded[row].Select(p => $"{p.class_name} {p.class_description} {p.score:R}").Should().Equal(
                    expected[row].Select(p => $"{p[0]} {p[1]} {(float)(double)p[2]!:R}"));
        }
        FluentActions.Invoking(() => imagenet_utils.DecodePredictions(preds[.., ..10])).Should().Throw<ArgumentException>()
            .WithMessage((string)golden["shape_error"]! + " (Parameter 'preds')");
    }

    [Fact]
    public void The_class_index_is_fetched_into_the_models_cache_when_absent()
    {
        using var home = new TempKerasHome();
        var body = File.ReadAllBytes(Golden.PathOf(Path.Combine("applications", "models", "imagenet_class_index.json")));
        var url = LoopbackServer.Serve(body, "imagenet_class_index.json", out var server);
        var previous = imagenet_utils.ClassIndexSource;
        imagenet_utils.ClassIndexSource = (url, Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(body)));
        try
        {
            using var preds = zeros(1, 1000);
            preds[0, 7] = tensor(0.5f);
            var decoded = mobilenet.DecodePredictions(preds, top: 1);
            server.Join();
            // Entry "7" of the generated index.
            decoded[0].Should().Equal(("n01440813", "class_007", 0.5f));
            File.ReadAllBytes(Path.Combine(home.Home, "models", "imagenet_class_index.json")).Should().Equal(body);
        }
        finally
        {
            imagenet_utils.ClassIndexSource = previous;
        }
    }

    [Fact]
    public void The_real_class_index_is_checked_against_Keras_hash()
    {
        // Keras's MD5 of imagenet_class_index.json: the generated file does not have it, so it is fetched again.
        using var home = new TempKerasHome();
        var url = LoopbackServer.Serve(File.ReadAllBytes(Golden.PathOf(Path.Combine("applications", "models", "imagenet_class_index.json"))),
                                       "imagenet_class_index.json", out var server);
        var previous = imagenet_utils.ClassIndexSource;
        imagenet_utils.ClassIndexSource = (url, imagenet_utils.ClassIndexHash);
        try
        {
            FluentActions.Invoking(() => imagenet_utils.DecodePredictions(zeros(1, 1000))).Should().Throw<InvalidDataException>()
                .WithMessage($"*{url} is corrupt*MD5*expected c2c37ea517e94d9795004a39431a14cb*");
            server.Join();
            File.Exists(Path.Combine(home.Home, "models", "imagenet_class_index.json")).Should().BeFalse();
        }
        finally
        {
            imagenet_utils.ClassIndexSource = previous;
        }
    }

    /// <summary>A temporary KERAS_HOME whose models/ holds the generated class index, read without Keras's hash.</summary>
    private static IDisposable ClassIndexHome()
    {
        var home = new TempKerasHome();
        Directory.CreateDirectory(Path.Combine(home.Home, "models"));
        File.Copy(Golden.PathOf(Path.Combine("applications", "models", "imagenet_class_index.json")),
                  Path.Combine(home.Home, "models", "imagenet_class_index.json"));
        var previous = imagenet_utils.ClassIndexSource;
        imagenet_utils.ClassIndexSource = ("http://127.0.0.1:1/offline", null);
        return new Restore(() => { imagenet_utils.ClassIndexSource = previous; home.Dispose(); });
    }

    private sealed class Restore(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
