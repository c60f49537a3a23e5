using System;
using System.IO;
using FluentAssertions;
using KerasSharp.Backend;
using KerasSharp.Layers;
using Xunit;

namespace KerasSharp.Tests.Backend;

/// <summary><c>K.image_data_format()</c>, <c>K.epsilon()</c> and keras.json, as Keras 2.2.4's backend reads them.</summary>
public sealed class KerasBackendTests : IDisposable
{
    private readonly DirectoryInfo _home = Directory.CreateTempSubdirectory("kerassharp-json");

    public void Dispose()
    {
        KerasBackend.SetImageDataFormat("channels_last");
        KerasBackend.SetEpsilon(1e-7);
        _home.Delete(recursive: true);
    }

    [Fact]
    public void Defaults_are_Keras_defaults()
    {
        KerasBackend.ImageDataFormat().Should().Be("channels_last");
        KerasBackend.Epsilon().Should().Be(1e-7);
        KerasBackend.FloatX().Should().Be("float32");
    }

    [Fact]
    public void Set_image_data_format_changes_the_default_of_image_layers()
    {
        KerasBackend.SetImageDataFormat("channels_first");
        KerasBackend.ImageDataFormat().Should().Be("channels_first");
        new Conv2D(4, (3, 3)).DataFormat.Should().Be("channels_first");
        new Conv2D(4, (3, 3), data_format: "channels_last").DataFormat.Should().Be("channels_last");
        var act = () => KerasBackend.SetImageDataFormat("nhwc");
        act.Should().Throw<ArgumentException>().Where(e => e.ParamName == "data_format").WithMessage("*Received: data_format='nhwc'*");
    }

    [Fact]
    public void Keras_json_sets_the_format_and_epsilon()
    {
        var path = Path.Combine(_home.FullName, "keras.json");
        File.WriteAllText(path, """{"floatx": "float32", "epsilon": 1e-05, "backend": "tensorflow", "image_data_format": "channels_first"}""");
        var config = KerasConfigFile.Read(path);
        config.ImageDataFormat.Should().Be("channels_first");
        config.Epsilon.Should().Be(1e-5);
    }

    [Fact]
    public void A_missing_or_invalid_keras_json_gives_the_defaults_as_in_Keras()
    {
        KerasConfigFile.Read(Path.Combine(_home.FullName, "none.json")).Should().Be(new KerasConfigFile(1e-7, "channels_last"));
        var path = Path.Combine(_home.FullName, "keras.json");
        File.WriteAllText(path, "{not json");
        KerasConfigFile.Read(path).Should().Be(new KerasConfigFile(1e-7, "channels_last"));
    }

    [Fact]
    public void A_wrong_value_in_keras_json_names_the_file_and_key()
    {
        var path = Path.Combine(_home.FullName, "keras.json");
        File.WriteAllText(path, """{"image_data_format": "NHWC"}""");
        var act = () => KerasConfigFile.Read(path);
        act.Should().Throw<KerasException>().WithMessage($"{path}: `image_data_format` must be*Received: 'NHWC'");
    }
}
