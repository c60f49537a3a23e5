using System;
using System.IO;

namespace KerasSharp.Datasets;

/// <summary>Keras's cache folder: <c>$KERAS_HOME</c>, else <c>~/.keras</c>; datasets live in its <c>datasets</c> folder.</summary>
public static class KerasHome
{
    public static string Path =>
        Environment.GetEnvironmentVariable("KERAS_HOME") is { Length: > 0 } home ? System.IO.Path.GetFullPath(home)
            : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".keras");

    public static string Datasets => System.IO.Path.Combine(Path, "datasets");
}
