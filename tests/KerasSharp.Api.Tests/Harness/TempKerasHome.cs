using System;
using System.IO;

namespace KerasSharp.Tests.Harness;

/// <summary>Points KERAS_HOME at a fresh temporary folder for one test and restores it afterwards.</summary>
internal sealed class TempKerasHome : IDisposable
{
    private readonly string? _previous = Environment.GetEnvironmentVariable("KERAS_HOME");

    public TempKerasHome()
    {
        Home = Directory.CreateTempSubdirectory("kerassharp-home").FullName;
        Environment.SetEnvironmentVariable("KERAS_HOME", Home);
    }

    public string Home { get; }

    public string Datasets => Path.Combine(Home, "datasets");

    /// <summary>Copies the committed fixture files of Goldens/datasets/datasets into this home's datasets folder.</summary>
    public void AddTextDatasets()
    {
        Directory.CreateDirectory(Datasets);
        foreach (var file in Directory.GetFiles(Golden.PathOf(Path.Combine("datasets", "datasets"))))
            File.Copy(file, Path.Combine(Datasets, Path.GetFileName(file)));
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("KERAS_HOME", _previous);
        Directory.Delete(Home, recursive: true);
    }
}
