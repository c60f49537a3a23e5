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
/// the same kind of model (a Sequential class for a Sequential file, a functional class for a Model/Functional file,
/// as ModelFromJson returns), identical ToJson() in both layouts, identical Summary() and layer names, the same
/// weights under the same seed (the layers are built in ModelFromJson's order) and identical predictions.
/// </summary>
public class ParityTests
{
    public static TheoryData<string> RepositoryFiles => new()
    {
        "examples/Cifar10/model.json",
        "tests/KerasSharp.Generators.Tests/Baselines/Inputs/list_config.model.json",
        "tests/KerasSharp.Generators.Tests/Baselines/Inputs/keras3_mlp.model.json",
        "tests/PackageConsumer/tiny.model.json",
        "tests/KerasSharp.Generators.Tests/Baselines/Inputs/two_io.model.json",
        "tests/KerasSharp.Generators.Tests/Baselines/Inputs/residual.model.json",
        "tests/KerasSharp.Generators.Tests/Baselines/Inputs/nested_sequential.model.json",
        "tests/KerasSharp.Generators.Tests/Baselines/Inputs/keras3_nested.model.json",
        "tests/KerasSharp.Generators.Tests/Baselines/Inputs/wrappers.model.json",
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
        Model? reference = null;
        Exception? refused = null;
        try
        {
            // Unnamed models are numbered per session (sequential_N): each side starts a fresh one.
            KerasSharp.Backend.KerasBackend.ClearSession();
            reference = SavingApi.ModelFromJson(json);
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
        using var generated = (Model)fromJson.Invoke(null, new object[] { json })!;
        KerasSharp.Backend.KerasBackend.ClearSession();
        using var declared = (Model)Activator.CreateInstance(type)!;
        using (reference)
        {
            (generated is Sequential).Should().Be(reference is Sequential, $"the class of {name} is the kind of model ModelFromJson returns");
            generated.ToJson().Should().Be(reference!.ToJson(), $"ToJson of {name}");
            generated.ToJson(keras3: true).Should().Be(reference.ToJson(keras3: true), $"Keras 3 ToJson of {name}");
            declared.ToJson().Should().Be(reference.ToJson(), $"ToJson of the parameterless class of {name}");
            Summary(generated).Should().Equal(Summary(reference), $"Summary of {name}");
            generated.Layers.Select(l => l.Name).Should().Equal(reference.Layers.Select(l => l.Name), $"the layers of {name}");

            Tensor[] x;
            if (reference is Sequential sequential)
            {
                var shape = (KerasSharp.Shape)type.GetProperty("DeclaredInputShape")!.GetValue(null)!;
                shape.Should().Be(sequential.ModelInputShape, $"the declared input shape of {name}");
                var outputShape = (KerasSharp.Shape)type.GetProperty("DeclaredOutputShape")!.GetValue(null)!;
                outputShape.Should().Be(reference.ComputeOutputShape(shape), $"the declared output shape of {name}");
                manual_seed(5);
                x = new[] { randn(shape.Dims.Select(d => (long)(d ?? 4)).ToArray()) };
            }
            else
            {
                // Each input and output is a typed property.
                var tensors = type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Where(p => p.PropertyType == typeof(KerasTensor)).Select(p => (KerasTensor)p.GetValue(generated)!).ToList();
                generated.Inputs.Concat(generated.Outputs).Should().OnlyContain(t => tensors.Contains(t), $"the inputs and outputs of {name} are properties");
                generated.Inputs.Select(t => t.Shape).Should().Equal(reference.Inputs.Select(t => t.Shape));
                generated.Outputs.Select(t => t.Shape).Should().Equal(reference.Outputs.Select(t => t.Shape));
                manual_seed(5);
                x = reference.Inputs.Select(t => randn(t.Shape.Dims.Select(d => (long)(d ?? 4)).ToArray())).ToArray();
            }

            // Built in ModelFromJson's order, the class draws the same initial weights under the same seed.
            KerasSharp.Backend.KerasBackend.SetSeed(11);
            using (var seededReference = SavingApi.ModelFromJson(json))
            {
                KerasSharp.Backend.KerasBackend.SetSeed(11);
                using var seeded = (Model)Activator.CreateInstance(type)!;
                var (a, b) = (seeded.GetWeights(), seededReference.GetWeights());
                a.Should().HaveSameCount(b);
                for (int i = 0; i < a.Length; i++) a[i].allclose(b[i], rtol: 0, atol: 0).Should().BeTrue($"initial weight {i} of {name} under the same seed");
            }

            using var scope = NewDisposeScope();
            generated.SetWeights(reference.GetWeights());
            var expected = reference.PredictOutputs(x);
            var actual = generated.PredictOutputs(x);
            actual.Should().HaveSameCount(expected);
            for (int i = 0; i < expected.Length; i++)
            {
                actual[i].shape.Should().Equal(expected[i].shape);
                actual[i].allclose(expected[i], rtol: 0, atol: 0).Should().BeTrue($"predictions of {name} with the same weights are identical");
            }

            // FromWeights reads both weight layouts (Keras 2 .h5 and Keras 3 .weights.h5).
            var fromWeights = type.GetMethod("FromWeights", BindingFlags.Public | BindingFlags.Static)!;
            var folder = Directory.CreateTempSubdirectory("parity-").FullName;
            try
            {
                foreach (var file in new[] { "w.h5", "w.weights.h5" })
                {
                    var weights = Path.Combine(folder, file);
                    reference.SaveWeights(weights);
                    using var loaded = (Model)fromWeights.Invoke(null, new object[] { weights })!;
                    var predicted = loaded.PredictOutputs(x);
                    for (int i = 0; i < expected.Length; i++)
                        predicted[i].allclose(expected[i], rtol: 0, atol: 0).Should().BeTrue($"FromWeights({file}) of {name} predicts as the reference");
                }
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        return true;
    }

    private static List<string> Summary(Model model)
    {
        var lines = new List<string>();
        model.Summary(print_fn: lines.Add);
        return lines;
    }
}
