using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection;
using FluentAssertions;
using KerasSharp.Generators.Tests.Harness;
using KerasSharp.Models;
using KerasSharp.Saving;
using KerasSharp.Tests.Harness;
using Microsoft.CodeAnalysis;
using Xunit;
using static TorchSharp.torch;

namespace KerasSharp.Generators.Tests;

/// <summary>
/// The generated class against <c>ModelFromJson</c> on the same JSON: both accept or both refuse it; when accepted,
/// identical ToJson(), identical Summary() and identical predictions with the same weights.
/// </summary>
public class ParityTests
{
    public static TheoryData<string> RepositoryFiles => new()
    {
        "examples/Cifar10/model.json",
        "tests/KerasSharp.Generators.Tests/Baselines/Inputs/list_config.model.json",
        "tests/KerasSharp.Generators.Tests/Baselines/Inputs/keras3_mlp.model.json",
        "tests/PackageConsumer/tiny.model.json",
    };

    [Theory]
    [MemberData(nameof(RepositoryFiles))]
    public void Generated_class_and_ModelFromJson_agree_on_repository_files(string file) =>
        AssertParity(Repo.File(file), File.ReadAllText(Repo.File(file)));

    /// <summary>Every JSON file of ../shared/fixtures/keras and the config.json of every .keras zip there.</summary>
    [FixtureFact]
    public void Generated_class_and_ModelFromJson_agree_on_every_fixture()
    {
        var files = Directory.EnumerateFiles(FixtureFactAttribute.Folder, "*.json", SearchOption.AllDirectories)
            .Select(f => (Name: f, Json: File.ReadAllText(f)))
            .Concat(Directory.EnumerateFiles(FixtureFactAttribute.Folder, "*.keras", SearchOption.AllDirectories)
                .Select(f => (Name: f + "/config.json", Json: ReadZipEntry(f, "config.json"))))
            .ToList();
        files.Should().HaveCountGreaterThanOrEqualTo(5);
        var accepted = files.Count(f => AssertParity(f.Name, f.Json));
        accepted.Should().Be(files.Count - 1, "every fixture but the Keras 1 file is accepted");
    }

    private static string ReadZipEntry(string zip, string entry)
    {
        using var archive = ZipFile.OpenRead(zip);
        using var reader = new StreamReader(archive.GetEntry(entry)!.Open());
        return reader.ReadToEnd();
    }

    /// <summary>Returns whether the file was accepted (by both).</summary>
    private static bool AssertParity(string name, string json)
    {
        var path = "/fixtures/" + Path.GetFileName(name).Replace(".json", "") + ".model.json";
        var result = GeneratorRun.Run(path, json, className: "Generated", rootNamespace: "Parity");
        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Sequential? reference = null;
        Exception? refused = null;
        try
        {
            // Unnamed models are numbered per session (sequential_N): each side starts a fresh one.
            KerasSharp.Backend.KerasBackend.ClearSession();
            reference = (Sequential)SavingApi.ModelFromJson(json);
        }
        catch (KerasException e)
        {
            refused = e;
        }
        if (errors.Count > 0)
        {
            refused.Should().NotBeNull($"the generator refused {name} ({errors[0].GetMessage()}), so ModelFromJson must too");
            return false;
        }
        refused.Should().BeNull($"the generator accepted {name}");
        result.CompileProblems.Should().BeEmpty($"the class generated from {name} compiles cleanly");

        var type = result.Load().GetType("Parity.Generated")!;
        var fromJson = (MethodInfo)type.GetMember("FromJson", BindingFlags.Public | BindingFlags.Static).Single();
        KerasSharp.Backend.KerasBackend.ClearSession();
        using var generated = (Sequential)fromJson.Invoke(null, new object[] { json })!;
        KerasSharp.Backend.KerasBackend.ClearSession();
        using var declared = (Sequential)Activator.CreateInstance(type)!;
        using (reference)
        {
            generated.ToJson().Should().Be(reference!.ToJson(), $"ToJson of {name}");
            declared.ToJson().Should().Be(reference.ToJson(), $"ToJson of the parameterless class of {name}");
            Summary(generated).Should().Equal(Summary(reference), $"Summary of {name}");

            var shape = (KerasSharp.Shape)type.GetProperty("DeclaredInputShape")!.GetValue(null)!;
            shape.Should().Be(reference.ModelInputShape, $"the declared input shape of {name}");
            var outputShape = (KerasSharp.Shape)type.GetProperty("DeclaredOutputShape")!.GetValue(null)!;
            outputShape.Should().Be(reference.ComputeOutputShape(shape), $"the declared output shape of {name}");

            using var scope = NewDisposeScope();
            generated.SetWeights(reference.GetWeights());
            manual_seed(5);
            var x = randn(shape.Dims.Select(d => (long)(d ?? 4)).ToArray());
            var expected = reference.Predict(x);
            var actual = generated.Predict(x);
            actual.shape.Should().Equal(expected.shape);
            actual.allclose(expected, rtol: 0, atol: 0).Should().BeTrue($"predictions of {name} with the same weights are identical");

            // FromWeights reads both weight layouts (Keras 2 .h5 and Keras 3 .weights.h5).
            var fromWeights = type.GetMethod("FromWeights", BindingFlags.Public | BindingFlags.Static)!;
            var folder = Directory.CreateTempSubdirectory("parity-").FullName;
            try
            {
                foreach (var file in new[] { "w.h5", "w.weights.h5" })
                {
                    var weights = Path.Combine(folder, file);
                    reference.SaveWeights(weights);
                    using var loaded = (Sequential)fromWeights.Invoke(null, new object[] { weights })!;
                    loaded.Predict(x).allclose(expected, rtol: 0, atol: 0).Should().BeTrue($"FromWeights({file}) of {name} predicts as the reference");
                }
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        return true;
    }

    private static List<string> Summary(Sequential model)
    {
        var lines = new List<string>();
        model.Summary(print_fn: lines.Add);
        return lines;
    }
}
