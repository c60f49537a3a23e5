using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using static TorchSharp.torch;

namespace KerasSharp.Horovod;

/// <summary>The MPI collectives on CPU tensors (contiguous) that <see cref="Hvd"/> and the callbacks build on.</summary>
internal static class Collectives
{
    /// <summary>How many MPI_Allreduce calls this process made (the tests check that a step makes one, not one per weight).</summary>
    internal static long AllreduceCount;

    /// <summary>The element-wise sum over all ranks (one MPI_Allreduce), as a new tensor of the same shape and dtype.</summary>
    internal static Tensor AllreduceSum(Tensor cpu)
    {
        var count = checked((int)cpu.numel());
        var shape = cpu.shape;
        AllreduceCount++;
        switch (cpu.dtype)
        {
            case ScalarType.Float32:
            {
                var send = cpu.data<float>().ToArray();
                var recv = new float[count];
                Mpi.Check(Mpi.MPI_Allreduce(send, recv, count, Mpi.Float, Mpi.Sum, Mpi.CommWorld), "MPI_Allreduce");
                return tensor(recv, shape);
            }
            case ScalarType.Float64:
            {
                var send = cpu.data<double>().ToArray();
                var recv = new double[count];
                Mpi.Check(Mpi.MPI_Allreduce(send, recv, count, Mpi.Double, Mpi.Sum, Mpi.CommWorld), "MPI_Allreduce");
                return tensor(recv, shape);
            }
            case ScalarType.Int32:
            {
                var send = cpu.data<int>().ToArray();
                var recv = new int[count];
                Mpi.Check(Mpi.MPI_Allreduce(send, recv, count, Mpi.Int, Mpi.Sum, Mpi.CommWorld), "MPI_Allreduce");
                return tensor(recv, shape);
            }
            case ScalarType.Int64:
            {
                var send = cpu.data<long>().ToArray();
                var recv = new long[count];
                Mpi.Check(Mpi.MPI_Allreduce(send, recv, count, Mpi.Long, Mpi.Sum, Mpi.CommWorld), "MPI_Allreduce");
                return tensor(recv, shape);
            }
            default:
                throw new ArgumentException($"hvd.Allreduce sums float32, float64, int32 and int64 tensors. Received dtype {cpu.dtype}.", "value");
        }
    }

    /// <summary>The doubles summed over all ranks: the metric averages' one collective.</summary>
    internal static double[] AllreduceSum(double[] values)
    {
        var recv = new double[values.Length];
        AllreduceCount++;
        Mpi.Check(Mpi.MPI_Allreduce(values, recv, values.Length, Mpi.Double, Mpi.Sum, Mpi.CommWorld), "MPI_Allreduce");
        return recv;
    }

    /// <summary>The root's tensors on every rank, all in one byte buffer and one MPI_Bcast (shapes already agreed).</summary>
    internal static Tensor[] Broadcast(IReadOnlyList<Tensor> cpu, int root)
    {
        var sizes = cpu.Select(t => checked((int)(t.numel() * t.element_size()))).ToArray();
        var buffer = new byte[checked(sizes.Sum())];
        int offset = 0;
        for (int i = 0; i < cpu.Count; offset += sizes[i], i++) cpu[i].bytes.CopyTo(buffer.AsSpan(offset));
        Mpi.Check(Mpi.MPI_Bcast(buffer, buffer.Length, Mpi.Byte, root, Mpi.CommWorld), "MPI_Bcast");
        var result = new Tensor[cpu.Count];
        offset = 0;
        for (int i = 0; i < cpu.Count; offset += sizes[i], i++)
        {
            result[i] = empty(cpu[i].shape, cpu[i].dtype);
            result[i].bytes = buffer.AsSpan(offset, sizes[i]);
        }
        return result;
    }

    /// <summary>Every rank's tensor concatenated along dimension 0 (MPI_Allgatherv of the bytes).</summary>
    internal static Tensor Allgather(Tensor cpu)
    {
        var descriptions = AllgatherStrings($"{cpu.dtype} {Layer.ShapeText(cpu.shape[1..])}");
        for (int r = 0; r < descriptions.Length; r++)
            if (descriptions[r] != descriptions[0])
                throw new KerasException($"hvd.Allgather: the tensors must agree in dtype and in every dimension but the first. Rank 0 has {descriptions[0]} (after the first dimension), rank {r} has {descriptions[r]}.");
        var rows = AllgatherLong(cpu.shape[0]);
        var rowBytes = cpu.shape[1..].Aggregate(1L, (a, d) => a * d) * cpu.element_size();
        var counts = rows.Select(n => checked((int)(n * rowBytes))).ToArray();
        var recv = new byte[checked(counts.Sum())];
        Mpi.Check(Mpi.MPI_Allgatherv(cpu.bytes.ToArray(), counts[Hvd.Rank()], Mpi.Byte, recv, counts, Displacements(counts), Mpi.Byte, Mpi.CommWorld), "MPI_Allgatherv");
        var result = empty(new[] { rows.Sum() }.Concat(cpu.shape[1..]).ToArray(), cpu.dtype);
        result.bytes = recv;
        return result;
    }

    /// <summary>Every rank's string, in rank order (UTF-8, MPI_Allgather of the lengths then MPI_Allgatherv).</summary>
    internal static string[] AllgatherStrings(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var counts = AllgatherLong(bytes.Length).Select(n => (int)n).ToArray();
        var displs = Displacements(counts);
        var recv = new byte[counts.Sum()];
        Mpi.Check(Mpi.MPI_Allgatherv(bytes, bytes.Length, Mpi.Byte, recv, counts, displs, Mpi.Byte, Mpi.CommWorld), "MPI_Allgatherv");
        return counts.Select((n, r) => Encoding.UTF8.GetString(recv, displs[r], n)).ToArray();
    }

    /// <summary>
    /// Checks that every rank describes the same list as <paramref name="root"/> (names, shapes, dtypes), before a
    /// broadcast that would otherwise copy bytes into a different layout or wait forever: every rank throws the same
    /// message, naming the ranks and the first item that differs.
    /// </summary>
    internal static void CheckSame(IReadOnlyList<string> items, int root, string what)
    {
        var all = AllgatherStrings(string.Join("\n", items));
        var rootItems = all[root].Split('\n');
        var problems = new List<string>();
        for (int r = 0; r < all.Length; r++)
        {
            if (all[r] == all[root]) continue;
            var mine = all[r].Split('\n');
            var first = Enumerable.Range(0, Math.Min(mine.Length, rootItems.Length)).FirstOrDefault(i => mine[i] != rootItems[i], -1);
            problems.Add(first >= 0
                ? $"rank {r} has {mine[first]} where rank {root} has {rootItems[first]}"
                : $"rank {r} has {mine.Length} variables where rank {root} has {rootItems.Length}");
        }
        if (problems.Count > 0)
            throw new KerasException($"{what}: {string.Join("; ", problems)}.");
    }

    internal static string Describe(string name, Tensor t) => $"{name} {Layer.ShapeText(t.shape)} {t.dtype}";

    private static long[] AllgatherLong(long value)
    {
        var recv = new long[Hvd.Size()];
        Mpi.Check(Mpi.MPI_Allgather(new[] { value }, 1, Mpi.Long, recv, 1, Mpi.Long, Mpi.CommWorld), "MPI_Allgather");
        return recv;
    }

    private static int[] Displacements(int[] counts)
    {
        var displs = new int[counts.Length];
        for (int r = 1; r < counts.Length; r++) displs[r] = displs[r - 1] + counts[r - 1];
        return displs;
    }
}
