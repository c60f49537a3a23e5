using System;
using System.IO;
using System.Runtime.InteropServices;
using TorchSharp;

namespace KerasSharp.Backend;

/// <summary>
/// libtorch's intra-op thread count for the calling thread alone. <c>torch.set_num_threads</c> is process-wide (it also
/// sets the count that every thread starting later takes), while libtorch's OpenMP gives each thread that runs a
/// parallel op its own team of that many threads: a batch worker left at the default would add a whole second team
/// beside the training step's. OpenMP's <c>omp_set_num_threads</c> and MKL's <c>mkl_set_num_threads_local</c> act on
/// the calling thread only; they are found through the handle of the libtorch_cpu that TorchSharp loaded (its OpenMP
/// runtime is a dependency of it, its MKL is built in). Where that library is not found (outside Linux), workers keep
/// libtorch's count.
/// </summary>
internal static class IntraOpThreads
{
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void OmpSetNumThreads(int count);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int MklSetNumThreadsLocal(int count);

    private static readonly Lazy<(OmpSetNumThreads? Omp, MklSetNumThreadsLocal? Mkl)> Functions = new(Find);

    /// <summary>Whether this thread's count can be set (libtorch_cpu and its OpenMP found).</summary>
    public static bool Available => Functions.Value.Omp is not null;

    /// <summary>Runs libtorch's ops on the calling thread with <paramref name="count"/> intra-op threads.</summary>
    public static void SetForThisThread(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        // libtorch sets each thread's count from the process-wide one on the thread's first parallel op (a lazy
        // per-thread init); get_num_threads runs that init now, so it cannot undo the count set after it.
        _ = torch.get_num_threads();
        var (omp, mkl) = Functions.Value;
        omp?.Invoke(count);
        mkl?.Invoke(count);
    }

    private static (OmpSetNumThreads?, MklSetNumThreadsLocal?) Find()
    {
        _ = torch.get_num_threads(); // loads libtorch
        // The copy TorchSharp loaded, by its path: a bare "libtorch_cpu.so" could open another libtorch on the
        // system's library path (Debian's python3-torch has one), and two libtorch builds in one process crash.
        if (LoadedPath("libtorch_cpu.so") is not { } path || !NativeLibrary.TryLoad(path, out var handle)) return (null, null);
        var omp = NativeLibrary.TryGetExport(handle, "omp_set_num_threads", out var o)
            ? Marshal.GetDelegateForFunctionPointer<OmpSetNumThreads>(o) : null;
        // MKL's C name (mkl_service.h maps mkl_set_num_threads_local to it); the lower-case export is the Fortran one, by reference.
        var mkl = NativeLibrary.TryGetExport(handle, "MKL_Set_Num_Threads_Local", out var m)
            ? Marshal.GetDelegateForFunctionPointer<MklSetNumThreadsLocal>(m) : null;
        return (omp, mkl);
    }

    /// <summary>The path of a shared library mapped into this process (Linux's /proc/self/maps), or null.</summary>
    private static string? LoadedPath(string fileName)
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/maps"))
            {
                var slash = line.IndexOf('/');
                if (slash >= 0 && line.EndsWith("/" + fileName, StringComparison.Ordinal)) return line[slash..];
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return null;
    }
}
