using System;
using System.IO;
using System.Linq;
using FluentAssertions;
using KerasSharp.Generators.Tests.Harness;
using Microsoft.CodeAnalysis;
using Xunit;

namespace KerasSharp.Generators.Tests.Emitting;

/// <summary>
/// The generated source of model files (the CIFAR-10 example's model.json, a Keras 2.1 list config, a Keras 3 config,
/// and four functional models) against committed baselines. KERASSHARP_UPDATE_BASELINES=1 rewrites the baselines instead of comparing.
/// </summary>
public class ModelEmitterBaselineTests
{
    public static TheoryData<string, string?, string?, string, string> Cases => new()
    {
        // input (repository path), KerasModelClass, KerasModelNamespace, RootNamespace, baseline
        { "examples/Cifar10/model.json", "Cifar10Model", null, "Cifar10Example", "Cifar10Model.g.cs.txt" },
        { "tests/KerasSharp.Generators.Tests/Baselines/Inputs/list_config.model.json", "ListConfigModel", "Models.Legacy", "Consumer", "ListConfigModel.g.cs.txt" },
        { "tests/KerasSharp.Generators.Tests/Baselines/Inputs/keras3_mlp.model.json", null, null, "Consumer", "Keras3Mlp.g.cs.txt" },
        // Functional models: shared layer, two inputs and outputs; a residual Add; a nested Sequential; Keras 3 with nested models.
        { "tests/KerasSharp.Generators.Tests/Baselines/Inputs/two_io.model.json", null, null, "Consumer", "TwoIo.g.cs.txt" },
        { "tests/KerasSharp.Generators.Tests/Baselines/Inputs/residual.model.json", "ResidualBlock", null, "Consumer", "ResidualBlock.g.cs.txt" },
        { "tests/KerasSharp.Generators.Tests/Baselines/Inputs/nested_sequential.model.json", null, null, "Consumer", "NestedSequential.g.cs.txt" },
        { "tests/KerasSharp.Generators.Tests/Baselines/Inputs/keras3_nested.model.json", null, "Models.Keras3", "Consumer", "Keras3Nested.g.cs.txt" },
        { "tests/KerasSharp.Generators.Tests/Baselines/Inputs/wrappers.model.json", null, null, "Consumer", "Wrappers.g.cs.txt" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Generated_source_matches_the_baseline_and_compiles_cleanly(string input, string? className, string? ns, string rootNamespace, string baseline)
    {
        var path = Repo.File(input);
        var options = new TestOptionsProvider(rootNamespace).WithFile(path, className, ns);
        var driver = GeneratorRun.Driver(new[] { new InMemoryAdditionalText(path, File.ReadAllText(path)) }, options)
            .RunGeneratorsAndUpdateCompilation(GeneratorRun.Compilation(), out var output, out var generatorDiagnostics);

        generatorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Should().BeEmpty();
        var generated = driver.GetRunResult().GeneratedTrees.Should().ContainSingle().Subject.ToString();
        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()).ToList();
        problems.Should().BeEmpty("the generated file compiles with zero errors and warnings");

        var baselinePath = Repo.File("tests", "KerasSharp.Generators.Tests", "Baselines", baseline);
        if (Environment.GetEnvironmentVariable("KERASSHARP_UPDATE_BASELINES") == "1")
        {
            File.WriteAllText(baselinePath, generated);
            return;
        }
        File.Exists(baselinePath).Should().BeTrue($"{baselinePath} is the baseline (KERASSHARP_UPDATE_BASELINES=1 writes it)");
        generated.Should().Be(File.ReadAllText(baselinePath).Replace("\r\n", "\n"));
    }
}
