using System.Linq;
using FluentAssertions;
using KerasSharp.Generators.Tests.Harness;
using Xunit;

namespace KerasSharp.Generators.Tests.Binding;

/// <summary>The value forms of issue 14's layers in generated code: 3-int tuples and Constant's number or array value.</summary>
public sealed class NewValueFormsTests
{
    [Fact]
    public void Triples_and_constant_values_become_arguments_that_compile()
    {
        const string json = """
            {"class_name": "Sequential", "config": {"name": "vol", "layers": [
              {"class_name": "Conv3D", "config": {"name": "c", "batch_input_shape": [null, 6, 6, 6, 1], "filters": 2,
                "kernel_size": [3, 2, 1], "strides": 2, "bias_initializer": {"class_name": "Constant", "config": {"value": 0.5}}}},
              {"class_name": "MaxPooling3D", "config": {"name": "p", "pool_size": [1, 1, 1]}},
              {"class_name": "Flatten", "config": {"name": "f"}},
              {"class_name": "Dense", "config": {"name": "d", "units": 2,
                "kernel_initializer": {"class_name": "Constant", "config": {"value": [[1.0, 2.0]]}}}}]}}
            """;
        var result = GeneratorRun.Run("/project/vol.model.json", json);
        result.Diagnostics.Should().BeEmpty();
        result.CompileProblems.Should().BeEmpty();
        var source = result.Sources.Single();
        source.Should().Contain("kernel_size: (3, 2, 1)").And.Contain("strides: 2").And.Contain("pool_size: (1, 1, 1)");
        source.Should().Contain("new global::KerasSharp.Initializers.Constant(value: 0.5)");
        source.Should().Contain("KerasConfig.Deserialize<global::KerasSharp.Initializers.Initializer>", "an array value is read at run time");
    }
}
