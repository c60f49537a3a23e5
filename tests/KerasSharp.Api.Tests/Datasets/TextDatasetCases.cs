using System.Collections.Generic;
using System.Linq;
using FluentAssertions;
using KerasSharp.Tests.Harness;
using Newtonsoft.Json.Linq;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Datasets;

/// <summary>The cases of Goldens/datasets/text_datasets.json (Keras 2.2.4's load_data re-done in numpy) and their checks.</summary>
internal static class TextDatasetCases
{
    public const string GoldenFile = "datasets/text_datasets.json";

    /// <summary>An origin that is never reached: the fixtures are in the cache, and no hash asks for a fresh copy.</summary>
    public static readonly (string Origin, string? Hash) Offline = ("http://127.0.0.1:1/offline", null);

    public static IEnumerable<object[]> Of(string dataset) =>
        ((JArray)Golden.Load(GoldenFile)).Where(c => (string)c["dataset"]! == dataset).Select(c => new object[] { (string)c["name"]! });

    public static JObject Case(string name) => Golden.Case(GoldenFile, name);

    /// <summary>An argument of the case: absent gives Keras's default; JSON null is Python's None.</summary>
    public static int? Int(JObject c, string key, int? keras_default) =>
        ((JObject)c["args"]!).TryGetValue(key, out var v) ? (v.Type == JTokenType.Null ? null : (int)v) : keras_default;

    public static long Seed(JObject c) => ((JObject)c["args"]!).TryGetValue("seed", out var v) ? (long)v : 113;

    public static double TestSplit(JObject c) => ((JObject)c["args"]!).TryGetValue("test_split", out var v) ? (double)v : 0.2;

    public static void ShouldEqual(((int[][] x_train, Tensor y_train), (int[][] x_test, Tensor y_test)) actual, JObject expected)
    {
        var ((x_train, y_train), (x_test, y_test)) = actual;
        ShouldEqual(x_train, expected["x_train"]!, "x_train");
        ShouldEqual(x_test, expected["x_test"]!, "x_test");
        y_train.dtype.Should().Be(ScalarType.Int64);
        y_train.shape.Should().Equal(x_train.Length);
        y_train.data<long>().ToArray().Should().Equal(expected["y_train"]!.Select(v => (long)v), "y_train");
        y_test.data<long>().ToArray().Should().Equal(expected["y_test"]!.Select(v => (long)v), "y_test");
    }

    public static void ShouldEqual(int[][] x, JToken expected, string name)
    {
        x.Length.Should().Be(((JArray)expected).Count, name);
        for (int i = 0; i < x.Length; i++)
            x[i].Should().Equal(expected[i]!.Select(v => (int)v), $"{name}[{i}]");
    }
}
