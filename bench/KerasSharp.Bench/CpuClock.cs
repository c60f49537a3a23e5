using System;
using System.Runtime.InteropServices;

namespace KerasSharp.Bench;

/// <summary>
/// CPU time of this process (all its threads: the caller, libtorch's intra-op threads, the GC), from
/// <c>clock_gettime(CLOCK_PROCESS_CPUTIME_ID)</c> (nanosecond accounting on Linux; falls back to
/// <c>Process.TotalProcessorTime</c> elsewhere). On a shared machine wall time counts the time other processes hold the
/// cores; CPU time counts only the work this process did, so with one torch thread it is a load-proof measure of the work
/// of a step. With two threads it also counts the time OpenMP workers spin waiting for each other, so it is not clean.
/// </summary>
internal static class CpuClock
{
    private const int ClockProcessCpuTimeId = 2;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime", SetLastError = true)]
    private static extern int ClockGetTime(int clockId, out TimeSpec time);

    private static bool _native = OperatingSystem.IsLinux();

    /// <summary>Minor and major page faults of this process so far (fields 10 and 12 of /proc/self/stat); -1 where unreadable.</summary>
    public static (long Minor, long Major) PageFaults()
    {
        try
        {
            var stat = System.IO.File.ReadAllText("/proc/self/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' '); // fields from 3 (state) on
            return (long.Parse(fields[10 - 3], System.Globalization.CultureInfo.InvariantCulture),
                    long.Parse(fields[12 - 3], System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is System.IO.IOException or FormatException or IndexOutOfRangeException or UnauthorizedAccessException)
        {
            return (-1, -1);
        }
    }

    /// <summary>Process CPU time so far, in ms.</summary>
    public static double ProcessMs()
    {
        if (_native)
        {
            try
            {
                if (ClockGetTime(ClockProcessCpuTimeId, out var t) == 0) return t.Seconds * 1e3 + t.Nanoseconds / 1e6;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
            }
            _native = false;
        }
        return System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;
    }
}
