using System.Globalization;
using System.IO;

namespace KerasSharp.Bench;

/// <summary>Resident-memory figures of this process from /proc/self/status (Linux), in KiB; -1 elsewhere.</summary>
internal static class ProcessMemory
{
    /// <summary>Peak resident set size so far (VmHWM).</summary>
    public static long PeakResidentKiB() => Read("VmHWM:");

    /// <summary>Current resident set size (VmRSS).</summary>
    public static long ResidentKiB() => Read("VmRSS:");

    private static long Read(string key)
    {
        const string path = "/proc/self/status";
        if (!File.Exists(path)) return -1;
        foreach (var line in File.ReadLines(path))
        {
            if (!line.StartsWith(key, System.StringComparison.Ordinal)) continue;
            var parts = line.Substring(key.Length).Trim().Split(' ', System.StringSplitOptions.RemoveEmptyEntries);
            return long.Parse(parts[0], CultureInfo.InvariantCulture);
        }
        return -1;
    }
}
