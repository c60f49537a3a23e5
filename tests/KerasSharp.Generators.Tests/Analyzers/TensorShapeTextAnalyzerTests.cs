using System.Collections.Immutable;
using System.Linq;
using FluentAssertions;
using KerasSharp.Generators.Analyzers;
using KerasSharp.Generators.Tests.Harness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace KerasSharp.Generators.Tests.Analyzers;

/// <summary>KSG0010 on ported print lines: where a tensor's long[] shape becomes text, and nowhere else.</summary>
public class TensorShapeTextAnalyzerTests
{
    private static ImmutableArray<Diagnostic> Analyze(string body)
    {
        var source = $$"""
            using System;
            using KerasSharp;
            using static TorchSharp.torch;
            public static class Port
            {
                public static void Main()
                {
                    var x_train = zeros(new long[] { 2, 32, 32, 3 });
                    {{body}}
                }
            }
            """;
        var compilation = GeneratorRun.Compilation(new[] { source }).WithOptions(
            new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Should().BeEmpty();
        return compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new TensorShapeTextAnalyzer()))
            .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
    }

    [Theory]
    [InlineData("""Console.WriteLine($"x_train shape: {x_train.shape}");""")]
    [InlineData("""Console.WriteLine("x_train shape: " + x_train.shape);""")]
    [InlineData("""Console.WriteLine(x_train.shape);""")]
    [InlineData("""Console.WriteLine("x_train shape: {0}", x_train.shape);""")]
    [InlineData("""var s = string.Format("{0} {1}", "x_train shape:", x_train.shape);""")]
    [InlineData("""var s = x_train.shape.ToString();""")]
    [InlineData("""Console.Error.WriteLine("shape " + x_train.shape + "!");""")]
    public void A_shape_turned_into_text_is_reported_with_the_fix(string line)
    {
        var diagnostics = Analyze(line);
        var d = diagnostics.Should().ContainSingle().Subject;
        d.Id.Should().Be("KSG0010");
        d.Severity.Should().Be(DiagnosticSeverity.Warning);
        d.GetMessage().Should().Be("`x_train.shape` is TorchSharp's long[] and prints as 'System.Int64[]': write `x_train.Shape` to print it as Python does, like (50000, 32, 32, 3)");
        var text = d.Location.SourceTree!.ToString().Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length);
        text.Should().Be("x_train.shape");
    }

    [Theory]
    [InlineData("""Console.WriteLine($"x_train shape: {x_train.Shape}");""")]
    [InlineData("""Console.WriteLine($"{x_train.shape[0]} train samples");""")]
    [InlineData("""Console.WriteLine(x_train.shape[0] + " train samples");""")]
    [InlineData("""var rest = x_train.shape[1..]; var n = x_train.shape.Length;""")]
    [InlineData("""long[] s = x_train.shape; Console.WriteLine(string.Join(", ", s));""")]
    public void Shapes_used_as_numbers_or_printed_right_are_not_reported(string line) =>
        Analyze(line).Should().BeEmpty();

    [Fact]
    public void The_fix_prints_as_Python_prints_the_tuple() =>
        new TorchSharp.torch.Tensor[] { TorchSharp.torch.zeros(50, 32, 32, 3), TorchSharp.torch.zeros(10) }
            .Select(t => $"{t.Shape}").Should().Equal("(50, 32, 32, 3)", "(10,)");
}
