using System;
using System.Collections.Generic;
using FluentAssertions;
using KerasSharp.Losses;
using KerasSharp.Tests.Harness;
using Xunit;

namespace KerasSharp.Tests.Losses;

/// <summary>Each loss's batch mean against Goldens/losses.json (the Keras 2 backend formulas in numpy).</summary>
public sealed class LossGoldenTests
{
    public static IEnumerable<object[]> Cases => Golden.Cases("losses.json");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Batch_mean_matches_reference(string name)
    {
        var c = Golden.Case("losses.json", name);
        var loss = Loss.Get((string)c["loss"]!);
        var value = loss.Call(Golden.Tensor(c["y_true"]!), Golden.Tensor(c["y_pred"]!)).mean().item<float>();
        value.Should().BeApproximately((float)(double)c["expected"]!, 1e-5f * (1 + Math.Abs((float)(double)c["expected"]!)));
    }

    [Fact]
    public void Unknown_loss_is_named_in_the_error()
    {
        var act = () => Loss.Get("categorical_crossentropi");
        act.Should().Throw<ArgumentException>().WithMessage("*'categorical_crossentropi'*").And.ParamName.Should().Be("loss");
    }
}
