using System;
using System.Linq;
using FluentAssertions;
using KerasSharp.Constraints;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Optimizers;
using KerasSharp.Tests.Harness;
using Xunit;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Constraints;

/// <summary>Keras 2.3.1 constraints (keras/constraints.py), checked against hand-computed norms.</summary>
public sealed class ConstraintTests
{
    [Fact]
    public void MaxNorm_rescales_columns_whose_norm_exceeds_the_limit()
    {
        // Columns (axis 0 norms): (3, 4) has norm 5 -> scaled to 2; (0.6, 0.8) has norm 1 -> kept.
        var w = tensor(new float[] { 3, 0.6f, 4, 0.8f }, 2, 2);
        var result = Tensors.Values(new MaxNorm(max_value: 2).Call(w));
        result.Should().BeEquivalentTo(new[] { 1.2f, 0.6f, 1.6f, 0.8f }, o => o.WithStrictOrdering().Using<float>(c => c.Subject.Should().BeApproximately(c.Expectation, 1e-5f)).WhenTypeIs<float>());
    }

    [Fact]
    public void NonNeg_UnitNorm_and_MinMaxNorm()
    {
        var w = tensor(new float[] { 3, -1, 4, 2 }, 2, 2);
        Tensors.Values(new NonNeg().Call(w)).Should().Equal(3f, 0f, 4f, 2f);
        var unit = Tensors.Values(new UnitNorm().Call(w)); // column norms 5 and sqrt(5)
        unit[0].Should().BeApproximately(0.6f, 1e-5f);
        unit[2].Should().BeApproximately(0.8f, 1e-5f);
        unit[1].Should().BeApproximately(-1 / MathF.Sqrt(5), 1e-5f);
        var minmax = Tensors.Values(new MinMaxNorm(min_value: 3, max_value: 4).Call(w)); // norm 5 -> 4, sqrt(5) -> 3
        minmax[0].Should().BeApproximately(3 * 4 / 5f, 1e-5f);
        minmax[1].Should().BeApproximately(-1 * 3 / MathF.Sqrt(5), 1e-5f);
    }

    [Fact]
    public void Constraints_apply_after_each_optimizer_update()
    {
        var model = new Sequential();
        model.Add(new Dense(3, kernel_constraint: new MaxNorm(0.5), bias_constraint: new NonNeg(), input_shape: 4));
        model.Compile(new SGD(learning_rate: 1.0), "mse");

        model.TrainOnBatch(rand(8, 4) * 10, rand(8, 3) * 10 - 20);

        var kernel = model.GetWeights()[0];
        Tensors.Values(kernel.square().sum(0).sqrt()).Should().OnlyContain(n => n <= 0.5f + 1e-5f);
        Tensors.Values(model.GetWeights()[1]).Should().OnlyContain(b => b >= 0);
    }
}
