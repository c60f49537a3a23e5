using System.IO;
using System.Runtime.CompilerServices;
using KerasSharp.Datasets;
using Xunit;

namespace KerasSharp.Tests.Harness;

/// <summary>
/// A test that needs CIFAR-10 in $KERAS_HOME/datasets; skipped, naming the folder, where it is missing. dotnet test
/// prints a skipped test's name but not its reason at the default verbosity, so the reason goes into the name.
/// </summary>
public sealed class CifarFactAttribute : FactAttribute
{
    public CifarFactAttribute([CallerMemberName] string test = "")
    {
        var folder = Path.Combine(KerasHome.Datasets, Cifar10.BinaryFolder);
        if (Directory.Exists(folder)) return;
        Skip = $"CIFAR-10 not found: {folder} is missing (set KERAS_HOME=../shared).";
        DisplayName = $"{test} (skipped: {Skip})";
    }
}
