using System.IO;

namespace KerasSharp.Generators.Tests.Harness;

/// <summary>Paths in the repository the tests run from.</summary>
internal static class Repo
{
    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(System.AppContext.BaseDirectory);
            while (dir is not null && !System.IO.File.Exists(Path.Combine(dir.FullName, "KerasSharp.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new DirectoryNotFoundException("KerasSharp.sln not found above " + System.AppContext.BaseDirectory);
        }
    }

    public static string File(params string[] parts) => Path.Combine(Root, Path.Combine(parts));
}
