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

    /// <summary>Copies the committed fixtures of Goldens/datasets/datasets (files and folders) into this home's datasets folder.</summary>
    public void AddDatasets()
    {
        var source = Golden.PathOf(Path.Combine("datasets", "datasets"));
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(Datasets, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary>
    /// Adds the fixtures and makes the public <c>Mnist.LoadData()</c> take the small mnist.npz among them (it has not
    /// the real file's hash, for which Keras's loader would fetch the file again) until this home is disposed.
    /// </summary>
    public void AddSmallMnist()
    {
        AddDatasets();
        KerasSharp.Datasets.Mnist.Source = ("http://127.0.0.1:1/offline", null);
    }

    /// <summary>As <see cref="AddSmallMnist"/>, for <c>Imdb.LoadData()</c> and the small imdb.npz (12 training and 9 test reviews).</summary>
    public void AddSmallImdb()
    {
        AddDatasets();
        KerasSharp.Datasets.Imdb.Source = ("http://127.0.0.1:1/offline", null);
    }

    public void Dispose()
    {
        KerasSharp.Datasets.Imdb.Source = (KerasSharp.Datasets.Imdb.Origin, KerasSharp.Datasets.Imdb.FileHash);
        KerasSharp.Datasets.Mnist.Source = (KerasSharp.Datasets.Mnist.Origin, KerasSharp.Datasets.Mnist.FileHash);
        Environment.SetEnvironmentVariable("KERAS_HOME", _previous);
        Directory.Delete(Home, recursive: true);
    }
}
