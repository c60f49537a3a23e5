using System.IO;
using System.Runtime.CompilerServices;
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

    /// <summary>Why fixture tests are skipped here, or null when the fixtures are present.</summary>
    public static string? Missing => Directory.Exists(Folder) ? null : $"Keras fixtures not found: {Folder} is missing.";

    public FixtureFactAttribute([CallerMemberName] string test = "")
    {
        if (Missing is not { } reason) return;
        Skip = reason;
        DisplayName = $"{test} (skipped: {reason})";
    }
}

/// <summary>The theory form of <see cref="FixtureFactAttribute"/>.</summary>
public sealed class FixtureTheoryAttribute : TheoryAttribute
{
    public FixtureTheoryAttribute([CallerMemberName] string test = "")
    {
        if (FixtureFactAttribute.Missing is not { } reason) return;
        Skip = reason;
        DisplayName = $"{test} (skipped: {reason})";
    }
}
