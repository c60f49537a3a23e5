using System.Collections.Generic;
using System.Linq;
using FluentAssertions;
using KerasSharp.Tests.Harness;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Preprocessing;

/// <summary>
/// Reads Goldens/text (make_text_goldens.py, keras_preprocessing 1.1.0): arrays are {shape, dtype, data} with numpy's
/// dtype name, compared exactly.
/// </summary>
internal static class TextGolden
{
    public static JObject Load(string file)
    {
        using var reader = new JsonTextReader(new System.IO.StringReader(System.IO.File.ReadAllText(Golden.PathOf("text/" + file))))
        {
            DateParseHandling = DateParseHandling.None,
            FloatParseHandling = FloatParseHandling.Double,
        };
        return (JObject)JToken.ReadFrom(reader);
    }

    public static ScalarType Dtype(string numpy) => numpy switch
    {
        "int32" => ScalarType.Int32,
        "int64" => ScalarType.Int64,
        "float32" => ScalarType.Float32,
        "float64" => ScalarType.Float64,
        _ => throw new System.ArgumentException(numpy),
    };

    public static Tensor Tensor(JToken array) =>
        tensor(array["data"]!.Select(v => (double)v).ToArray(), array["shape"]!.Select(v => (long)v).ToArray(), ScalarType.Float64)
            .to_type(Dtype((string)array["dtype"]!));

    /// <summary>
    /// Same shape, same dtype and the same values, bit for bit, or within <paramref name="ulps"/> units in the last
    /// place where the golden went through numpy's log: numpy 1.24's AVX-512 log (the machine that wrote the goldens)
    /// is 1 ulp off libm's, which .NET and a numpy without AVX-512 call (np.log(3.0) = 1.0986122886681096 there,
    /// math.log(3) = 1.0986122886681098, the correctly rounded one).
    /// </summary>
    public static void ShouldEqual(Tensor actual, JToken expected, string because = "", int ulps = 0)
    {
        actual.shape.Should().Equal(expected["shape"]!.Select(v => (long)v), because);
        actual.dtype.Should().Be(Dtype((string)expected["dtype"]!), because);
        Values(actual).Should().Equal(expected["data"]!.Select(v => (double)v), (a, e) => Close(a, e, ulps), because);
    }

    public static bool Close(double actual, double expected, int ulps) =>
        actual == expected || System.Math.Abs(actual - expected) <= ulps * (System.Math.BitIncrement(System.Math.Abs(expected)) - System.Math.Abs(expected));

    /// <summary>The values as doubles (TorchSharp's accessor fails on an empty tensor).</summary>
    public static double[] Values(Tensor t) => t.numel() == 0 ? System.Array.Empty<double>() : t.to_type(ScalarType.Float64).data<double>().ToArray();

    public static long[] Longs(Tensor t) => t.numel() == 0 ? System.Array.Empty<long>() : t.to_type(ScalarType.Int64).data<long>().ToArray();

    public static List<List<int>> IntLists(JToken token) => token.Select(s => s.Select(v => (int)v).ToList()).ToList();

    public static List<string> Strings(JToken token) => token.Select(s => (string)s!).ToList();
}
