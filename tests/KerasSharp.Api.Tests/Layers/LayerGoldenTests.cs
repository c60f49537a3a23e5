using System;
using System.Collections.Generic;
using System.Linq;
using FluentAssertions;
using KerasSharp.Layers;
using KerasSharp.Tests.Harness;
using Newtonsoft.Json.Linq;
using Xunit;

namespace KerasSharp.Tests.Layers;

/// <summary>Every layer's forward pass against Goldens/layers.json (numpy implementations of the Keras 2.3.1 formulas).</summary>
public sealed class LayerGoldenTests
{
    public static IEnumerable<object[]> Cases =>
        Golden.Cases("layers.json").Select(c => new[] { "layers.json", c[0] })
            .Concat(Golden.Cases("layers_1d.json").Select(c => new[] { "layers_1d.json", c[0] }));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Forward_matches_reference(string file, string name)
    {
        var c = Golden.Case(file, name);
        var layer = Create((string)c["layer"]!, (JObject)c["config"]!);
        var x = Golden.Tensor(c["input"]!);
        layer.EnsureBuilt(new Shape(x.shape.Select((d, i) => i == 0 ? (int?)null : (int?)d).ToArray()));
        var weights = ((JArray)c["weights"]!).Select(Golden.Tensor).ToArray();
        layer.SetWeights(weights);

        var y = layer.Apply(x, training: (bool)c["training"]!);

        Golden.ShouldMatch(y, c["output"]!, because: name);
        layer.OutputShape!.WithoutBatch().Dims.Should().Equal(y.shape.Skip(1).Select(d => (int?)d), "ComputeOutputShape agrees with the tensor");
        if (c["weights_after"] is JArray after)
        {
            var now = layer.GetWeights();
            for (int i = 0; i < after.Count; i++) Golden.ShouldMatch(now[i], after[i], because: $"{name} weight {i} after the step");
        }
    }

    private static Layer Create(string cls, JObject k)
    {
        T? Get<T>(string key) => k.TryGetValue(key, out var v) && v.Type != JTokenType.Null ? v.ToObject<T>() : default;
        IntTuple2 Pair(string key) => Get<int[]>(key)!;
        int One(string key, int fallback) => k.ContainsKey(key) ? Get<int[]>(key)![0] : fallback;
        IntTuple2? OptPair(string key) => k.ContainsKey(key) ? Pair(key) : (IntTuple2?)null;
        return cls switch
        {
            "Conv2D" => new Conv2D(Get<int>("filters"), Pair("kernel_size"), OptPair("strides"), Get<string>("padding") ?? "valid",
                                   Get<string>("data_format"), OptPair("dilation_rate"), Get<string>("activation"),
                                   use_bias: k.ContainsKey("use_bias") ? Get<bool>("use_bias") : true),
            "Conv1D" => new Conv1D(Get<int>("filters"), One("kernel_size", 1), One("strides", 1), Get<string>("padding") ?? "valid",
                                   Get<string>("data_format"), One("dilation_rate", 1), Get<string>("activation"),
                                   use_bias: k.ContainsKey("use_bias") ? Get<bool>("use_bias") : true),
            "MaxPooling1D" => new MaxPooling1D(One("pool_size", 2), k.ContainsKey("strides") ? One("strides", 0) : null, Get<string>("padding") ?? "valid", Get<string>("data_format")),
            "AveragePooling1D" => new AveragePooling1D(One("pool_size", 2), k.ContainsKey("strides") ? One("strides", 0) : null, Get<string>("padding") ?? "valid", Get<string>("data_format")),
            "GlobalAveragePooling1D" => new GlobalAveragePooling1D(Get<string>("data_format")),
            "GlobalMaxPooling1D" => new GlobalMaxPooling1D(Get<string>("data_format")),
            "MaxPooling2D" => new MaxPooling2D(OptPair("pool_size"), OptPair("strides"), Get<string>("padding") ?? "valid", Get<string>("data_format")),
            "AveragePooling2D" => new AveragePooling2D(OptPair("pool_size"), OptPair("strides"), Get<string>("padding") ?? "valid", Get<string>("data_format")),
            "GlobalAveragePooling2D" => new GlobalAveragePooling2D(Get<string>("data_format")),
            "GlobalMaxPooling2D" => new GlobalMaxPooling2D(Get<string>("data_format")),
            "Flatten" => new Flatten(Get<string>("data_format")),
            "Dense" => new Dense(Get<int>("units"), Get<string>("activation")),
            "ZeroPadding2D" => new ZeroPadding2D(ToPadding(Get<int[][]>("padding")!)),
            "Reshape" => new Reshape(Get<int[]>("target_shape")!),
            "BatchNormalization" => new BatchNormalization(
                axis: k.ContainsKey("axis") ? Get<int>("axis") : -1,
                center: !k.ContainsKey("center") || Get<bool>("center"),
                scale: !k.ContainsKey("scale") || Get<bool>("scale")),
            "Dropout" => new Dropout(Get<double>("rate")),
            "Activation" => new Activation(Get<string>("activation")!),
            "ELU" => new ELU(Get<double>("alpha")),
            "ReLU" => new ReLU(Get<double?>("max_value"), Get<double>("negative_slope"), Get<double>("threshold")),
            "LeakyReLU" => new LeakyReLU(),
            "Softmax" => new Softmax(Get<int>("axis")),
            _ => throw new ArgumentException($"No test builder for {cls}"),
        };
    }

    private static Padding2D ToPadding(int[][] p) => ((p[0][0], p[0][1]), (p[1][0], p[1][1]));
}
