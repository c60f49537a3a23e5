using System;
using System.Collections.Generic;
using FluentAssertions;
using KerasSharp.Losses;
using KerasSharp.Metrics;
using KerasSharp.Tests.Harness;
using Xunit;

namespace KerasSharp.Tests.Metrics;

public sealed class MetricGoldenTests
{
    public static IEnumerable<object[]> Cases => Golden.Cases("metrics.json");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Batch_mean_matches_reference(string name)
    {
        var c = Golden.Case("metrics.json", name);
        var kind = (string)c["metric"]!;
        var k = c["k"] is null ? 5 : (int)c["k"]!;
        Metric metric = kind switch
        {
            "top_k_categorical_accuracy" => new TopKCategoricalAccuracy(k),
            "sparse_top_k_categorical_accuracy" => new SparseTopKCategoricalAccuracy(k),
            _ => Metric.Get(kind),
        };
        var value = metric.Call(Golden.Tensor(c["y_true"]!), Golden.Tensor(c["y_pred"]!)).mean().item<float>();
        value.Should().BeApproximately((float)(double)c["expected"]!, 1e-6f);
    }

    [Theory]
    [InlineData("accuracy", "categorical_crossentropy", 10, typeof(CategoricalAccuracy))]
    [InlineData("acc", "sparse_categorical_crossentropy", 10, typeof(SparseCategoricalAccuracy))]
    [InlineData("accuracy", "binary_crossentropy", 3, typeof(BinaryAccuracy))]
    [InlineData("acc", "mean_squared_error", 1, typeof(BinaryAccuracy))]
    public void Accuracy_is_resolved_from_loss_and_output_shape(string name, string loss, int units, Type expected)
    {
        var metric = Metric.Get(name, Loss.Get(loss), new Shape(null, units));
        metric.Should().BeOfType(expected);
        metric.Name.Should().Be(name, "the log key is what the user wrote, as Keras 2.3 does");
    }
}
