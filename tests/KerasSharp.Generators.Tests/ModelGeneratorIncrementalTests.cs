using System.IO;
using System.Linq;
using FluentAssertions;
using KerasSharp.Generators.Tests.Harness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace KerasSharp.Generators.Tests;

/// <summary>The pipeline's caching, read from its tracked steps.</summary>
public class ModelGeneratorIncrementalTests
{
    private const string Path = "/project/cifar.model.json";
    private static readonly string Json = File.ReadAllText(Repo.File("examples", "Cifar10", "model.json"));

    private static GeneratorDriver Run(string json, out Compilation compilation) => Run(json, out compilation, out _);

    private static GeneratorDriver Run(string json, out Compilation compilation, out AdditionalText file)
    {
        compilation = GeneratorRun.Compilation(new[] { "namespace Consumer { public class Program { } }" });
        file = new InMemoryAdditionalText(Path, json);
        return GeneratorRun.Driver(new[] { file }, new TestOptionsProvider("Consumer").WithFile(Path)).RunGenerators(compilation);
    }

    private static IncrementalStepRunReason[] Reasons(GeneratorDriver driver, string step) =>
        driver.GetRunResult().Results.Single().TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();

    private static readonly string FunctionalJson = File.ReadAllText(Repo.File("tests", "KerasSharp.Generators.Tests", "Baselines", "Inputs", "keras3_nested.model.json"));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_same_input_twice_is_served_from_the_cache(bool functional)
    {
        var driver = Run(functional ? FunctionalJson : Json, out var compilation);
        Reasons(driver, ModelGenerator.Steps.Bound).Should().Equal(IncrementalStepRunReason.New);

        driver = driver.RunGenerators(compilation);

        Reasons(driver, ModelGenerator.Steps.Parsed).Should().Equal(IncrementalStepRunReason.Cached);
        Reasons(driver, ModelGenerator.Steps.Bound).Should().Equal(IncrementalStepRunReason.Cached);
        driver.GetRunResult().Results.Single().TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs)
            .Select(o => o.Reason).Should().OnlyContain(r => r == IncrementalStepRunReason.Cached);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_unrelated_code_edit_leaves_the_bound_model_unchanged(bool functional)
    {
        var driver = Run(functional ? FunctionalJson : Json, out var compilation);
        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Consumer { public class Other { public int X; } }", GeneratorRun.ParseOptions));

        driver = driver.RunGenerators(edited);

        // The catalogue is read again from the new compilation, but equals the old one, so nothing downstream reruns.
        Reasons(driver, ModelGenerator.Steps.Catalog).Should().Equal(IncrementalStepRunReason.Unchanged);
        Reasons(driver, ModelGenerator.Steps.Parsed).Should().Equal(IncrementalStepRunReason.Cached);
        Reasons(driver, ModelGenerator.Steps.Bound).Should().Equal(IncrementalStepRunReason.Cached);
    }

    [Fact]
    public void A_JSON_edit_regenerates_the_class()
    {
        var driver = Run(Json, out var compilation, out var file);
        var before = driver.GetRunResult().GeneratedTrees.Single().ToString();

        var edited = Json.Replace("\"units\": 10", "\"units\": 12");
        edited.Should().NotBe(Json);
        driver = driver.ReplaceAdditionalText(file, new InMemoryAdditionalText(Path, edited)).RunGenerators(compilation);

        Reasons(driver, ModelGenerator.Steps.Parsed).Should().Equal(IncrementalStepRunReason.Modified);
        Reasons(driver, ModelGenerator.Steps.Bound).Should().Equal(IncrementalStepRunReason.Modified);
        var after = driver.GetRunResult().GeneratedTrees.Single().ToString();
        before.Should().Contain("units: 10,");
        after.Should().Contain("units: 12,").And.NotContain("units: 10,");
    }
}
