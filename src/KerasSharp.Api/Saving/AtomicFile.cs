using System;
using System.IO;

namespace KerasSharp.Saving;

/// <summary>Writes a file through a temporary file in the same folder, renamed over the target when complete, so an
/// interrupted save never leaves a half-written file where the old one was.</summary>
internal static class AtomicFile
{
    public static void Write(string path, Action<string> write)
    {
        var full = Path.GetFullPath(path);
        var tmp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            write(tmp);
            File.Move(tmp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    public static void WriteAllText(string path, string text) => Write(path, tmp => File.WriteAllText(tmp, text));
}
