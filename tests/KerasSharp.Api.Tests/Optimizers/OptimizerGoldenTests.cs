using System;
using System.Collections.Generic;
using System.Linq;
using KerasSharp.Layers;
using KerasSharp.Optimizers;
using KerasSharp.Tests.Harness;
using Newtonsoft.Json.Linq;
using Xunit;

namespace KerasSharp.Tests.Optimizers;

/// <summary>Three steps of each optimizer against Goldens/optimizers.json (keras@2.3.1 keras/optimizers.py in numpy).</summary>
public sealed class OptimizerGoldenTests
{
    public static IEnumerable<object[]> Cases => Golden.Cases("optimizers.json");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Three_steps_match_the_Keras_equations(string name)
    {
        var c = Golden.Case("optimizers.json", name);
        var optimizer = Create((string)c["optimizer"]!, (JObject)c["config"]!);
        var initial = ((JArray)c["params"]!).Select(Golden.Tensor).ToArray();
        // A Dense layer supplies two variables with the golden shapes (3, 2) and (2,).
        var layer = new Dense(2);
        layer.EnsureBuilt(new Shape(null, 3));
        layer.SetWeights(initial);
        var variables = layer.TrainableWeights;

        var steps = (JArray)c["grads"]!;
        for (int s = 0; s < steps.Count; s++)
        {
            for (int v = 0; v < variables.Count; v++) variables[v].Value.grad = Golden.Tensor(steps[s][v]!);
            optimizer.Apply(variables);
            for (int v = 0; v < variables.Count; v++)
                Golden.ShouldMatch(variables[v].Value, c["expected"]![s]![v]!, 1e-5, $"{name} step {s + 1} param {v}");
        }
        Xunit.Assert.Equal(steps.Count, optimizer.Iterations);
    }

    private static Optimizer Create(string cls, JObject k)
    {
        double? D(string key) => k.TryGetValue(key, out var v) ? (double)v : null;
        bool B(string key) => k.TryGetValue(key, out var v) && (bool)v;
        var decay = D("decay") ?? 0;
        return cls switch
        {
            "SGD" => new SGD(D("learning_rate"), D("momentum") ?? 0, B("nesterov"), decay, D("clipnorm"), D("clipvalue")),
            "RMSprop" => new RMSprop(D("learning_rate"), decay: decay, clipnorm: D("clipnorm"), clipvalue: D("clipvalue")),
            "Adam" => new Adam(D("learning_rate"), decay: decay, amsgrad: B("amsgrad")),
            "Adagrad" => new Adagrad(D("learning_rate"), decay: decay),
            "Adadelta" => new Adadelta(D("learning_rate"), decay: decay),
            "Adamax" => new Adamax(D("learning_rate"), decay: decay),
            "Nadam" => new Nadam(D("learning_rate")),
            _ => throw new ArgumentException($"No test builder for {cls}"),
        };
    }
}
