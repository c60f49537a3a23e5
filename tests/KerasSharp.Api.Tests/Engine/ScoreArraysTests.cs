using System;
using FluentAssertions;
using Xunit;

namespace KerasSharp.Tests.Engine;

public sealed class ScoreArraysTests
{
    [Fact]
    public void Scores_unpack_as_python_unpacks_a_list()
    {
        var (score, acc) = new[] { 0.5, 0.75 };
        (score, acc).Should().Be((0.5, 0.75));
        var (loss, a, b) = new[] { 1.0, 2.0, 3.0 };
        (loss, a, b).Should().Be((1.0, 2.0, 3.0));
        var tooMany = () => { var (x, y) = new[] { 1.0, 2.0, 3.0 }; return x + y; };
        tooMany.Should().Throw<InvalidOperationException>().WithMessage("Cannot unpack 3 scores into 2.");
    }
}
