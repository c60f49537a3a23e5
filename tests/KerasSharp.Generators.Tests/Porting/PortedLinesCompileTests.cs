using System.Linq;
using FluentAssertions;
using KerasSharp.Generators.Tests.Harness;
using Microsoft.CodeAnalysis;
using Xunit;

namespace KerasSharp.Generators.Tests.Porting;

/// <summary>Tutorial lines ported as docs/porting.md says compile with no error and no warning (CS0162 included).</summary>
public class PortedLinesCompileTests
{
    [Fact]
    public void Backend_as_K_and_numpy_lines_compile_without_warnings()
    {
        const string source = """
            using System;
            using KerasSharp;
            using static TorchSharp.torch;
            using K = KerasSharp.Backend.KerasBackend;

            public static class Port
            {
                public static void Main()
                {
                    int img_rows = 28, img_cols = 28;
                    var x_train = zeros(new long[] { 4, 28, 28 }, dtype: uint8);
                    long[] input_shape;
                    if (K.ImageDataFormat() == "channels_first")
                    {
                        x_train = x_train.reshape(x_train.shape[0], 1, img_rows, img_cols);
                        input_shape = new long[] { 1, img_rows, img_cols };
                    }
                    else
                    {
                        x_train = x_train.reshape(x_train.shape[0], img_rows, img_cols, 1);
                        input_shape = new long[] { img_rows, img_cols, 1 };
                    }
                    x_train = x_train.astype("float32");
                    x_train /= 255;
                    Console.WriteLine($"x_train shape: {x_train.Shape}");
                    Console.WriteLine($"{x_train.shape[0]} train samples {input_shape.Length} {K.Epsilon()}");
                }
            }
            """;
        var compilation = GeneratorRun.Compilation(new[] { source });
        compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).Should().BeEmpty();
    }
}
