using System.Linq;
using KerasSharp.Callbacks;
using TorchSharp;

namespace KerasSharp.Horovod.Callbacks;

/// <summary>
/// <c>hvd.callbacks.BroadcastGlobalVariablesCallback(root_rank)</c>: when training begins, every rank takes
/// <c>root_rank</c>'s weights (all of them, trainable or not) and optimizer state (iterations, slots), so
/// ranks started with different random initializations, or only the root restoring a checkpoint, train the same
/// model. The names, shapes and dtypes are compared first: a model that differs on a rank stops every rank with a
/// message naming the rank and the first weight that differs.
/// </summary>
public sealed class BroadcastGlobalVariablesCallback : Callback
{
    private bool _done;

    public BroadcastGlobalVariablesCallback(int root_rank)
    {
        Hvd.RequireInit();
        Hvd.CheckRoot(root_rank);
        RootRank = root_rank;
    }

    public int RootRank { get; }

    public override void OnTrainBegin(Logs logs)
    {
        if (_done) return;
        var model = Model ?? throw new KerasException("BroadcastGlobalVariablesCallback needs the model it trains.");
        var weights = model.Weights;
        var what = $"BroadcastGlobalVariablesCallback({RootRank}): the model differs between ranks";
        Collectives.CheckSame(weights.Select(w => Collectives.Describe(w.FullName, w.Value)).ToList(), RootRank, what);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var values = Collectives.Broadcast(weights.Select(w => w.Value.detach().cpu().contiguous()).ToList(), RootRank);
        for (int i = 0; i < weights.Count; i++) weights[i].Assign(values[i]);
        if (model.Optimizer is { } optimizer)
        {
            var trainable = model.CollectedTrainable();
            var state = optimizer.GetWeights(trainable);
            optimizer.SetWeights(trainable, Collectives.Broadcast(state.Select(t => t.contiguous()).ToList(), RootRank));
        }
        _done = true;
    }
}
