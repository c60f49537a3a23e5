using System;
using System.Collections.Generic;
using System.Linq;
using FluentAssertions;
using KerasSharp.Applications;
using KerasSharp.Tests.Harness;
using Newtonsoft.Json.Linq;
using Xunit;
using static KerasSharp.Tests.Applications.ApplicationCases;

namespace KerasSharp.Tests.Applications;

/// <summary>
/// Bad arguments give keras_applications 1.0.8's messages (make_applications.py records them from the real
/// functions): sizes below the minimum, ImageNet weights with other channels, sizes or classes, a top without a
/// static size, an unknown weights file, MobileNet's alpha and depth multiplier. Nothing is downloaded or built.
/// </summary>
public sealed class ApplicationArgumentTests : IDisposable
{
    private readonly Func<string, string, string?, string> _fetcher = imagenet_utils.Fetcher;

    public ApplicationArgumentTests() =>
        imagenet_utils.Fetcher = (fname, _, _) => throw new InvalidOperationException($"no download expected ({fname})");

    public void Dispose() => imagenet_utils.Fetcher = _fetcher;

    private static JObject Errors => (JObject)Golden.Load("applications/errors.json");

    public static IEnumerable<object[]> Cases => Errors.Properties().Select(p => new object[] { p.Name });

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bad_arguments_give_Keras_message(string name)
    {
        var c = (JObject)Errors[name]!;
        // Keras's default weights are 'imagenet'.
        var act = () => Create((string)c["function"]!, (JObject)c["arguments"]!, weights: "imagenet");
        act.Should().Throw<ArgumentException>().WithMessage((string)c["message"]! + " (Parameter '*')");
    }

    [Fact]
    public void An_unknown_pooling_is_an_error()
    {
        // Keras ignores it (no pooling); KerasSharp refuses it (docs/differences.md).
        FluentActions.Invoking(() => resnet50.ResNet50(include_top: false, weights: null, pooling: "mean"))
            .Should().Throw<ArgumentException>().WithMessage("pooling must be None, 'avg' or 'max'; received 'mean'.*")
            .Which.ParamName.Should().Be("pooling");
    }
}
