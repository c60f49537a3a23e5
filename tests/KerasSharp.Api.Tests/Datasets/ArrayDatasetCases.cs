using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using FluentAssertions;
using KerasSharp.Tests.Harness;
using Newtonsoft.Json.Linq;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Datasets;

/// <summary>
/// The cases of Goldens/datasets/array_datasets.json (Keras 2.2.4's mnist, fashion_mnist, cifar100 and boston_housing
/// load_data re-done in numpy on the small files of Goldens/datasets/datasets) and their checks.
/// </summary>
internal static class ArrayDatasetCases
{
    public const string GoldenFile = "datasets/array_datasets.json";

    public static IEnumerable<object[]> Of(string dataset) =>
        Golden.Load(GoldenFile)["cases"]!.Where(c => (string)c["dataset"]! == dataset).Select(c => new object[] { (string)c["name"]! });

    public static JObject Case(string name) => (JObject)Golden.Load(GoldenFile)["cases"]!.Single(c => (string)c["name"]! == name);

    public static JToken Raw(string dataset) => Golden.Load(GoldenFile)["raw"]![dataset]!;

    public static void ShouldEqual(((Tensor x_train, Tensor y_train), (Tensor x_test, Tensor y_test)) actual, JObject expected)
    {
        var ((x_train, y_train), (x_test, y_test)) = actual;
        ShouldEqual(x_train, expected["x_train"]!, "x_train");
        ShouldEqual(y_train, expected["y_train"]!, "y_train");
        ShouldEqual(x_test, expected["x_test"]!, "x_test");
        ShouldEqual(y_test, expected["y_test"]!, "y_test");
    }

    /// <summary>dtype, shape, the SHA-256 of the C-ordered bytes, and the values (all, or the sampled ones).</summary>
    public static void ShouldEqual(Tensor actual, JToken expected, string name)
    {
        var numpyType = actual.dtype switch
        {
            ScalarType.Byte => "uint8",
            ScalarType.Int64 => "int64",
            ScalarType.Float64 => "float64",
            var other => other.ToString(),
        };
        numpyType.Should().Be((string)expected["dtype"]!, name);
        actual.shape.Should().Equal(expected["shape"]!.Select(v => (long)v), name);
        var values = Values(actual);
        Convert.ToHexStringLower(SHA256.HashData(Bytes(actual))).Should().Be((string)expected["sha256"]!, $"the bytes of {name}");
        if (expected["values"] is JArray all)
            values.Should().Equal(all.Select(v => (double)v), $"the values of {name}");
        else
            foreach (var sample in expected["samples"]!)
                values[(long)sample[0]!].Should().Be((double)sample[1]!, $"{name}.flat[{sample[0]}]");
    }

    /// <summary>The elements in C order, as doubles (exact for uint8, int64 labels and float64).</summary>
    public static double[] Values(Tensor t) =>
        // TorchSharp's accessor cannot copy out an empty tensor (test_split 0 leaves x_test empty).
        t.numel() == 0 ? Array.Empty<double>() : t.contiguous().to_type(ScalarType.Float64).data<double>().ToArray();

    private static byte[] Bytes(Tensor t)
    {
        var c = t.contiguous();
        if (c.numel() == 0) return Array.Empty<byte>();
        return c.dtype switch
        {
            ScalarType.Byte => c.data<byte>().ToArray(),
            ScalarType.Int64 => MemoryMarshal.AsBytes<long>(c.data<long>().ToArray()).ToArray(),
            ScalarType.Float64 => MemoryMarshal.AsBytes<double>(c.data<double>().ToArray()).ToArray(),
            var other => throw new ArgumentException($"no numpy byte layout for {other} here"),
        };
    }
}
