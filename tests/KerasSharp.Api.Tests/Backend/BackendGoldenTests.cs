using System;
using System.Collections.Generic;
using System.Linq;
using FluentAssertions;
using KerasSharp.Backend;
using KerasSharp.Tests.Harness;
using Newtonsoft.Json.Linq;
using Xunit;
using static TorchSharp.torch;
using K = KerasSharp.Backend.KerasBackend;

namespace KerasSharp.Tests.Backend;

/// <summary>
/// Every case of Goldens/functional/backend.json (Keras 2.2.4's backend functions, computed in numpy): the eager
/// function on the case's arguments gives the expected values (within 1e-5) and dtype.
/// </summary>
public sealed class BackendGoldenTests
{
    private const string File = "functional/backend.json";

    public static IEnumerable<object[]> Cases => Golden.Cases(File);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Eager_function_matches_Keras(string name)
    {
        var c = Golden.Case(File, name);
        var args = (JObject)c["args"]!;
        var expected = c["expected"]!;
        using var scope = NewDisposeScope();
        var actual = Call((string)c["function"]!, args);
        DtypeName(actual.dtype).Should().Be((string)expected["dtype"]!);
        Golden.ShouldMatch(actual, expected, 1e-5, name);
    }

    private static Tensor Call(string function, JObject a)
    {
        Tensor X(string key = "x") => Value(a[key]!);
        Tensor[] List(string key) => a[key]!.Select(Value).ToArray();
        bool Flag(string key) => a[key] is { } v && (bool)v;
        double? Number(string key) => a[key] is { } v ? (double)v : null;
        Axes? Axis() => a["axis"] switch { null => null, JArray list => list.Select(v => (int)v).ToArray(), var v => (int)v };
        int[] Ints(string key) => a[key]!.Select(v => (int)v).ToArray();
        return function switch
        {
            "mean" => K.Mean(X(), Axis(), Flag("keepdims")),
            "sum" => K.Sum(X(), Axis(), Flag("keepdims")),
            "max" => K.Max(X(), Axis(), Flag("keepdims")),
            "min" => K.Min(X(), Axis(), Flag("keepdims")),
            "prod" => K.Prod(X(), Axis(), Flag("keepdims")),
            "var" => K.Var(X(), Axis(), Flag("keepdims")),
            "std" => K.Std(X(), Axis(), Flag("keepdims")),
            "square" => K.Square(X()),
            "sqrt" => K.Sqrt(X()),
            "abs" => K.Abs(X()),
            "exp" => K.Exp(X()),
            "log" => K.Log(X()),
            "pow" => K.Pow(X(), Number("a")!.Value),
            "clip" => K.Clip(X(), Number("min_value")!.Value, Number("max_value")),
            "maximum" => K.Maximum(X(), X("y")),
            "minimum" => K.Minimum(X(), X("y")),
            "sign" => K.Sign(X()),
            "argmax" => K.Argmax(X(), (int)a["axis"]!),
            "argmin" => K.Argmin(X(), (int)a["axis"]!),
            "equal" => K.Equal(X(), X("y")),
            "greater" => K.Greater(X(), X("y")),
            "dot" => K.Dot(X(), X("y")),
            "batch_dot" => K.BatchDot(X(), X("y"), a["axes"] is JArray pair ? (IntTuple2)pair.Select(v => (int)v).ToArray() : (int)a["axes"]!),
            "transpose" => K.Transpose(X()),
            "reshape" => K.Reshape(X(), Ints("shape")),
            "permute_dimensions" => K.PermuteDimensions(X(), Ints("pattern")),
            "expand_dims" => K.ExpandDims(X(), (int)a["axis"]!),
            "squeeze" => K.Squeeze(X(), (int)a["axis"]!),
            "concatenate" => K.Concatenate(List("tensors"), (int)a["axis"]!),
            "stack" => K.Stack(List("x"), (int)a["axis"]!),
            "flatten" => K.Flatten(X()),
            "batch_flatten" => K.BatchFlatten(X()),
            "repeat_elements" => K.RepeatElements(X(), (int)a["rep"]!, (int)a["axis"]!),
            "tile" => K.Tile(X(), Ints("n")),
            "one_hot" => K.OneHot(X("indices"), (int)a["num_classes"]!),
            "gather" => K.Gather(X("reference"), X("indices")),
            "l2_normalize" => K.L2Normalize(X(), (int?)a["axis"]),
            "softmax" => K.Softmax(X()),
            "relu" => K.Relu(X(), Number("alpha") ?? 0.0, Number("max_value"), Number("threshold") ?? 0.0),
            "elu" => K.Elu(X(), Number("alpha") ?? 1.0),
            "sigmoid" => K.Sigmoid(X()),
            "hard_sigmoid" => K.HardSigmoid(X()),
            "tanh" => K.Tanh(X()),
            "softplus" => K.Softplus(X()),
            "softsign" => K.Softsign(X()),
            "categorical_crossentropy" => K.CategoricalCrossentropy(X("target"), X("output"), Flag("from_logits")),
            "binary_crossentropy" => K.BinaryCrossentropy(X("target"), X("output"), Flag("from_logits")),
            _ => throw new InvalidOperationException($"No test call for K.{function}."),
        };
    }

    /// <summary>A golden tensor: float32, or int32 where the case says so.</summary>
    private static Tensor Value(JToken t) => (string?)t["dtype"] == "int32"
        ? tensor(t["data"]!.Select(v => (int)(double)v).ToArray(), Golden.Shape(t))
        : Golden.Tensor(t);

    private static string DtypeName(ScalarType type) => type switch
    {
        ScalarType.Float32 => "float32",
        ScalarType.Int64 => "int64",
        ScalarType.Bool => "bool",
        _ => type.ToString(),
    };
}
