using System;
using System.Runtime.InteropServices;

namespace KerasSharp.Horovod;

/// <summary>
/// The few MPI calls Horovod's Keras API needs, bound to Open MPI's libmpi.so.40 (Debian's openmpi-bin). MPI.NET 1.4.0
/// binds Microsoft MPI's msmpi.dll only, so this is a thin P/Invoke binding of the MPI standard's C functions. Handles
/// follow Open MPI's ABI: <c>MPI_COMM_WORLD</c>, <c>MPI_FLOAT</c>, <c>MPI_SUM</c>... are the addresses of exported
/// globals (<c>ompi_mpi_comm_world</c>, <c>ompi_mpi_float</c>, <c>ompi_mpi_op_sum</c>), read once with
/// <see cref="NativeLibrary.GetExport"/>. MPICH (libmpi.so.12) differs there: its handles are integer constants
/// (<c>MPI_COMM_WORLD = 0x44000000</c>, <c>MPI_FLOAT = 0x4c00040a</c>), so it needs another handle table (docs/horovod.md).
/// Errors keep MPI's default handler, MPI_ERRORS_ARE_FATAL: a failed collective aborts the whole job instead of hanging.
/// </summary>
internal static class Mpi
{
    internal const string Library = "libmpi.so.40";
    private const int ThreadSerialized = 2, ThreadMultiple = 3, CommTypeShared = 0;

    private static IntPtr _lib;
    internal static IntPtr CommWorld, Float, Double, Int, Long, Byte, Sum, Max, InfoNull;

    /// <summary>Loads libmpi and reads Open MPI's predefined handles; throws, naming what to install, when it is absent.</summary>
    internal static void Load()
    {
        if (_lib != IntPtr.Zero) return;
        if (!NativeLibrary.TryLoad(Library, out var lib))
            throw new KerasException($"Horovod needs an MPI runtime: {Library} (Open MPI) could not be loaded. Install it (Debian/Ubuntu: apt-get install openmpi-bin libopenmpi-dev) and start the program with mpirun.");
        IntPtr Get(string name) => NativeLibrary.TryGetExport(lib, name, out var address) ? address
            : throw new KerasException($"{Library} has no symbol '{name}': Horovod's binding expects Open MPI's ABI (Open MPI 4 or 5), not MPICH's.");
        (CommWorld, Float, Double, Int, Long, Byte) = (Get("ompi_mpi_comm_world"), Get("ompi_mpi_float"), Get("ompi_mpi_double"),
                                                       Get("ompi_mpi_int"), Get("ompi_mpi_long_long_int"), Get("ompi_mpi_byte"));
        (Sum, Max, InfoNull) = (Get("ompi_mpi_op_sum"), Get("ompi_mpi_op_max"), Get("ompi_mpi_info_null"));
        _lib = lib;
    }

    /// <summary>MPI_Init_thread asking for MPI_THREAD_MULTIPLE; at least SERIALIZED is needed (the exit hook runs on another thread).</summary>
    internal static void InitThread()
    {
        Check(MPI_Init_thread(IntPtr.Zero, IntPtr.Zero, ThreadMultiple, out var provided), "MPI_Init_thread");
        if (provided < ThreadSerialized)
            throw new KerasException($"MPI_Init_thread provided thread level {provided}; Horovod needs at least MPI_THREAD_SERIALIZED ({ThreadSerialized}).");
    }

    internal static bool Initialized() => MPI_Initialized(out var flag) == 0 && flag != 0;
    internal static bool Finalized() => MPI_Finalized(out var flag) == 0 && flag != 0;

    internal static int Rank(IntPtr comm) { Check(MPI_Comm_rank(comm, out var r), "MPI_Comm_rank"); return r; }
    internal static int Size(IntPtr comm) { Check(MPI_Comm_size(comm, out var s), "MPI_Comm_size"); return s; }

    /// <summary>The communicator of the ranks sharing this machine's memory (MPI_Comm_split_type, MPI_COMM_TYPE_SHARED).</summary>
    internal static IntPtr SplitShared(IntPtr comm, int key)
    {
        Check(MPI_Comm_split_type(comm, CommTypeShared, key, InfoNull, out var local), "MPI_Comm_split_type");
        return local;
    }

    internal static void Check(int code, string call)
    {
        if (code != 0) throw new KerasException($"{call} failed with MPI error code {code}.");
    }

    [DllImport(Library)] internal static extern int MPI_Init_thread(IntPtr argc, IntPtr argv, int required, out int provided);
    [DllImport(Library)] internal static extern int MPI_Initialized(out int flag);
    [DllImport(Library)] internal static extern int MPI_Finalized(out int flag);
    [DllImport(Library)] internal static extern int MPI_Finalize();
    [DllImport(Library)] internal static extern int MPI_Abort(IntPtr comm, int errorcode);
    [DllImport(Library)] internal static extern int MPI_Comm_rank(IntPtr comm, out int rank);
    [DllImport(Library)] internal static extern int MPI_Comm_size(IntPtr comm, out int size);
    [DllImport(Library)] internal static extern int MPI_Comm_split_type(IntPtr comm, int splitType, int key, IntPtr info, out IntPtr newcomm);
    [DllImport(Library)] internal static extern int MPI_Barrier(IntPtr comm);

    // Blittable arrays are pinned and passed in place: the receive buffers are written through.
    [DllImport(Library)] internal static extern int MPI_Allreduce(float[] send, float[] recv, int count, IntPtr type, IntPtr op, IntPtr comm);
    [DllImport(Library)] internal static extern int MPI_Allreduce(double[] send, double[] recv, int count, IntPtr type, IntPtr op, IntPtr comm);
    [DllImport(Library)] internal static extern int MPI_Allreduce(int[] send, int[] recv, int count, IntPtr type, IntPtr op, IntPtr comm);
    [DllImport(Library)] internal static extern int MPI_Allreduce(long[] send, long[] recv, int count, IntPtr type, IntPtr op, IntPtr comm);
    [DllImport(Library)] internal static extern int MPI_Bcast(byte[] buffer, int count, IntPtr type, int root, IntPtr comm);
    [DllImport(Library)] internal static extern int MPI_Allgather(long[] send, int sendCount, IntPtr sendType, long[] recv, int recvCount, IntPtr recvType, IntPtr comm);
    [DllImport(Library)] internal static extern int MPI_Allgatherv(byte[] send, int sendCount, IntPtr sendType, byte[] recv, int[] recvCounts, int[] displs, IntPtr recvType, IntPtr comm);
}
