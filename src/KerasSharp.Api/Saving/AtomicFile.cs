using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.ExceptionServices;

namespace KerasSharp.Saving;

/// <summary>
/// Writes a file through a temporary file in the same folder (<c>.&lt;name&gt;.&lt;guid&gt;.tmp</c>), renamed over the
/// target when complete, so an interrupted save never leaves a half-written file where the old one was. A temporary
/// left by a save that was killed is removed by the next save to the same path. Errors name the user's path and the
/// cause, never the temporary file.
/// </summary>
internal static class AtomicFile
{
    public static void Write(string path, Action<string> write)
    {
        ArgumentNullException.ThrowIfNull(path, "filepath");
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full)) throw new IOException($"Could not save {path}: it is a folder.");
        var folder = Path.GetDirectoryName(full)!;
        var name = Path.GetFileName(full);
        RemoveStale(folder, name);
        var tmp = Path.Combine(folder, $".{name}.{Guid.NewGuid():N}.tmp");
        try
        {
            write(tmp);
            File.Move(tmp, full, overwrite: true);
        }
        catch (Exception e) when (Innermost(e) is IOException or UnauthorizedAccessException)
        {
            var cause = Innermost(e);
            throw new IOException($"Could not save {path}: {cause.Message.Replace(tmp, full, StringComparison.Ordinal)}", cause);
        }
        catch (Exception e) when (e is TargetInvocationException or AggregateException)
        {
            // A library's reflection or task wrapper around a plain error: rethrow the error itself.
            ExceptionDispatchInfo.Throw(Innermost(e));
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    public static void WriteAllText(string path, string text) => Write(path, tmp => File.WriteAllText(tmp, text));

    private static Exception Innermost(Exception e)
    {
        while (e is TargetInvocationException or AggregateException && e.InnerException is { } inner) e = inner;
        return e;
    }

    /// <summary>Temporaries of this naming for this target (a GUID of 32 hex digits) from saves that never finished.</summary>
    private static void RemoveStale(string folder, string name)
    {
        if (!Directory.Exists(folder)) return;
        var prefix = $".{name}.";
        foreach (var file in Directory.EnumerateFiles(folder, prefix + "*.tmp"))
        {
            var guid = Path.GetFileName(file)[prefix.Length..^".tmp".Length];
            if (guid.Length != 32 || !guid.All(Uri.IsHexDigit)) continue;
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // Another process may be saving there right now; its rename decides.
            }
        }
    }
}
