using System.Collections.Generic;
using System.IO;
using System.Linq;
using FluentAssertions;
using Newtonsoft.Json.Linq;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Harness;

/// <summary>Reads the golden files written by Goldens/make_goldens.py (tensors as {shape, data}).</summary>
internal static class Golden
{
    public static string PathOf(string file) => System.IO.Path.Combine(System.AppContext.BaseDirectory, "Goldens", file);

    public static JToken Load(string file) => JToken.Parse(File.ReadAllText(PathOf(file)));

    public static IEnumerable<object[]> Cases(string file) =>
        ((JArray)Load(file)).Select(c => new object[] { (string)c["name"]! });

    public static JObject Case(string file, string name) =>
        (JObject)((JArray)Load(file)).Single(c => (string)c["name"]! == name);

    public static Tensor Tensor(JToken t) =>
        tensor(t["data"]!.Select(v => (float)(double)v).ToArray(), t["shape"]!.Select(v => (long)v).ToArray());

    public static long[] Shape(JToken t) => t["shape"]!.Select(v => (long)v).ToArray();

    /// <summary>Asserts same shape and element-wise closeness (absolute + relative tolerance).</summary>
    public static void ShouldMatch(Tensor actual, JToken expected, double tolerance = 1e-5, string because = "")
    {
        actual.shape.Should().Equal(Shape(expected), because);
        var a = actual.detach().cpu().to_type(ScalarType.Float64).data<double>().ToArray();
        var e = expected["data"]!.Select(v => (double)v).ToArray();
        for (int i = 0; i < e.Length; i++)
            a[i].Should().BeApproximately(e[i], tolerance * (1 + System.Math.Abs(e[i])), $"element {i} {because}");
    }

    /// <summary>
    /// numpy's own permutations (Goldens/datasets/random_state.json): after np.random.seed(seed), one
    /// np.random.shuffle(np.arange(n)) per length, in turn from the same stream.
    /// </summary>
    public static int[][] NumpyShuffles(long seed, params int[] lengths) =>
        Golden.Load("datasets/random_state.json")["shuffles"]!
            .Single(s => (long)s["seed"]! == seed && s["shuffles"]!.Select(p => (int)p["length"]!).SequenceEqual(lengths))["shuffles"]!
            .Select(p => p["permutation"]!.Select(v => (int)v).ToArray()).ToArray();
}
