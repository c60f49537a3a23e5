using System;
using System.Collections.Generic;
using System.Linq;
using KerasSharp.Optimizers;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasSharp.Horovod;

/// <summary>
/// <c>import horovod.keras as hvd</c>: a port writes <c>using hvd = KerasSharp.Horovod.Hvd;</c> and then
/// <c>hvd.Init()</c>, <c>hvd.Size()</c>, <c>hvd.Rank()</c>, <c>hvd.LocalRank()</c>, <c>hvd.DistributedOptimizer(opt)</c>,
/// <c>hvd.Allreduce/Broadcast/Allgather</c> on tensors. The processes are MPI ranks started by <c>mpirun</c>
/// (Open MPI, through <see cref="Mpi"/>); every collective is one MPI call on the CPU. A rank that fails stops the
/// whole job: an unhandled exception or a non-zero exit calls MPI_Abort, which names the rank, and mpirun stops the
/// other ranks when one dies (docs/horovod.md).
/// </summary>
public static class Hvd
{
    private static bool _initialized;
    private static int _rank, _size, _localRank, _localSize;

    /// <summary><c>hvd.init()</c>: starts MPI (once; later calls do nothing) and reads this process's place in the job.</summary>
    public static void Init()
    {
        if (_initialized) return;
        Mpi.Load();
        if (!Mpi.Initialized()) Mpi.InitThread();
        _rank = Mpi.Rank(Mpi.CommWorld);
        _size = Mpi.Size(Mpi.CommWorld);
        var local = Mpi.SplitShared(Mpi.CommWorld, _rank);
        (_localRank, _localSize) = (Mpi.Rank(local), Mpi.Size(local));
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
            Abort($"failed: {(e.ExceptionObject as Exception)?.Message ?? e.ExceptionObject}".TrimEnd('.') + ".", 1);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Exit();
        _initialized = true;
    }

    /// <summary><c>hvd.is_initialized()</c>.</summary>
    public static bool IsInitialized() => _initialized;

    /// <summary><c>hvd.size()</c>: the number of ranks in the job.</summary>
    public static int Size() { RequireInit(); return _size; }

    /// <summary><c>hvd.rank()</c>: this process's rank, 0 to size − 1.</summary>
    public static int Rank() { RequireInit(); return _rank; }

    /// <summary><c>hvd.local_rank()</c>: the rank among the processes of this machine (which GPU a rank would use).</summary>
    public static int LocalRank() { RequireInit(); return _localRank; }

    /// <summary><c>hvd.local_size()</c>: the number of ranks on this machine.</summary>
    public static int LocalSize() { RequireInit(); return _localSize; }

    /// <summary>
    /// <c>hvd.DistributedOptimizer(optimizer)</c>: the same optimizer, from now on averaging the gradients over all ranks
    /// after backward (and after its own clipnorm/clipvalue, as Horovod's <c>get_gradients</c> does) and before the
    /// update: all gradients go in one flat buffer per dtype and one MPI_Allreduce, so every rank applies the same update.
    /// </summary>
    public static T DistributedOptimizer<T>(T optimizer) where T : Optimizer
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        RequireInit();
        optimizer.GradientReduction = AverageFused;
        return optimizer;
    }

    /// <summary>
    /// <c>hvd.allreduce(value, average=True)</c>: the sum over the ranks, divided by <see cref="Size"/> when
    /// <c>average</c> (integer tensors: rounded down). Shapes must match on every rank.
    /// </summary>
    public static Tensor Allreduce(Tensor value, bool average = true)
    {
        ArgumentNullException.ThrowIfNull(value);
        RequireInit();
        using var scope = NewDisposeScope();
        var summed = Collectives.AllreduceSum(value.detach().cpu().contiguous());
        if (average)
            summed = summed.is_floating_point() ? summed.div(_size) : summed.div(_size, rounding_mode: RoundingMode.floor);
        return summed.to(value.device).MoveToOuterDisposeScope();
    }

    /// <summary><c>hvd.broadcast(value, root_rank)</c>: <c>root_rank</c>'s value on every rank; shapes and dtypes are checked first.</summary>
    public static Tensor Broadcast(Tensor value, int root_rank)
    {
        ArgumentNullException.ThrowIfNull(value);
        RequireInit();
        CheckRoot(root_rank);
        Collectives.CheckSame(new[] { Collectives.Describe("tensor", value) }, root_rank, "hvd.Broadcast");
        using var scope = NewDisposeScope();
        var result = Collectives.Broadcast(new[] { value.detach().cpu().contiguous() }, root_rank)[0];
        return result.to(value.device).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// <c>hvd.allgather(value)</c>: the ranks' tensors concatenated along the first dimension, in rank order; the
    /// first dimension may differ between ranks, the others and the dtype may not.
    /// </summary>
    public static Tensor Allgather(Tensor value)
    {
        ArgumentNullException.ThrowIfNull(value);
        RequireInit();
        if (value.dim() == 0) throw new ArgumentException("hvd.Allgather needs a tensor of at least one dimension; received a scalar.", nameof(value));
        using var scope = NewDisposeScope();
        var result = Collectives.Allgather(value.detach().cpu().contiguous());
        return result.to(value.device).MoveToOuterDisposeScope();
    }

    internal static void RequireInit()
    {
        if (!_initialized) throw new KerasException("Horovod has not been initialized; use hvd.Init().");
    }

    internal static void CheckRoot(int root_rank)
    {
        if (root_rank < 0 || root_rank >= _size)
            throw new ArgumentException($"root_rank must be a rank of the job, 0 to {_size - 1}. Received: root_rank={root_rank}", nameof(root_rank));
    }

    /// <summary>The fused average the distributed optimizer applies: one buffer and one MPI_Allreduce per dtype.</summary>
    private static IReadOnlyList<Tensor> AverageFused(IReadOnlyList<Tensor> grads)
    {
        var result = new Tensor[grads.Count];
        foreach (var group in Enumerable.Range(0, grads.Count).GroupBy(i => grads[i].dtype))
        {
            var members = group.ToArray();
            var flat = cat(members.Select(i => grads[i].reshape(-1)).ToArray()).cpu();
            var averaged = Collectives.AllreduceSum(flat).div_(_size).to(grads[members[0]].device);
            var parts = averaged.split(members.Select(i => grads[i].numel()).ToArray());
            for (int k = 0; k < members.Length; k++) result[members[k]] = parts[k].view(grads[members[k]].shape);
        }
        return result;
    }

    /// <summary>Stops every rank: prints why, naming this rank, then MPI_Abort (mpirun ends the others and reports the rank).</summary>
    internal static void Abort(string why, int code)
    {
        Console.Out.Flush();
        Console.Error.WriteLine($"Horovod: rank {_rank} of {_size} {why} Aborting all ranks (MPI_Abort).");
        Console.Error.Flush();
        Mpi.MPI_Abort(Mpi.CommWorld, code);
    }

    /// <summary>
    /// At process exit: MPI_Finalize after a clean exit; after a failed one (non-zero exit code), MPI_Abort, since
    /// MPI_Finalize would wait for ranks that are still in a collective with this one.
    /// </summary>
    private static void Exit()
    {
        if (Mpi.Finalized()) return;
        if (Environment.ExitCode != 0) Abort($"exits with code {Environment.ExitCode}.", Environment.ExitCode);
        else Mpi.MPI_Finalize();
    }
}
