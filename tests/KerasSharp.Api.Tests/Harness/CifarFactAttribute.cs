using System.IO;
using KerasSharp.Datasets;
using Xunit;

namespace KerasSharp.Tests.Harness;

/// <summary>A test that needs CIFAR-10 in $KERAS_HOME/datasets; skipped, naming the folder, where it is missing.</summary>
public sealed class CifarFactAttribute : FactAttribute
{
    public CifarFactAttribute()
    {
        var folder = Path.Combine(KerasHome.Datasets, Cifar10.BinaryFolder);
        if (!Directory.Exists(folder)) Skip = $"CIFAR-10 not found: {folder} is missing (set KERAS_HOME=../shared).";
    }
}
