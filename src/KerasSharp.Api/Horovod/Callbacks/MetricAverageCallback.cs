using System.Linq;
using KerasSharp.Callbacks;

namespace KerasSharp.Horovod.Callbacks;

/// <summary>
/// <c>hvd.callbacks.MetricAverageCallback()</c>: at the end of each epoch, replaces every value of the epoch's logs by
/// its mean over the ranks (one MPI_Allreduce of all of them, in name order), so that callbacks after it in the list
/// (ReduceLROnPlateau, EarlyStopping, CSVLogger) and the History see the same numbers on every rank.
/// </summary>
public sealed class MetricAverageCallback : Callback
{
    public MetricAverageCallback() => Hvd.RequireInit();

    public override void OnEpochEnd(int epoch, Logs logs)
    {
        var names = logs.Keys.OrderBy(k => k, System.StringComparer.Ordinal).ToList();
        Collectives.CheckSame(names, 0, "MetricAverageCallback: the ranks log different metrics");
        var sums = Collectives.AllreduceSum(names.Select(n => logs[n]).ToArray());
        for (int i = 0; i < names.Count; i++) logs[names[i]] = sums[i] / Hvd.Size();
    }
}
