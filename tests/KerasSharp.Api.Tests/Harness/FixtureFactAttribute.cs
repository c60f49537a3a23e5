using System.IO;
using Xunit;

namespace KerasSharp.Tests.Harness;

/// <summary>A test that reads ../shared/fixtures/keras; skipped, naming the folder, where it is missing.</summary>
public sealed class FixtureFactAttribute : FactAttribute
{
    public static string Folder
    {
        get
        {
            var dir = new DirectoryInfo(System.AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "KerasSharp.sln"))) dir = dir.Parent;
            return Path.GetFullPath(Path.Combine(dir?.FullName ?? ".", "..", "shared", "fixtures", "keras"));
        }
    }

    public FixtureFactAttribute()
    {
        if (!Directory.Exists(Folder)) Skip = $"Keras fixtures not found: {Folder} is missing.";
    }
}

/// <summary>The theory form of <see cref="FixtureFactAttribute"/>.</summary>
public sealed class FixtureTheoryAttribute : TheoryAttribute
{
    public FixtureTheoryAttribute()
    {
        if (!Directory.Exists(FixtureFactAttribute.Folder)) Skip = $"Keras fixtures not found: {FixtureFactAttribute.Folder} is missing.";
    }
}
