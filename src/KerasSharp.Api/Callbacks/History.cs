using System.Collections.Generic;

namespace KerasSharp.Callbacks;

/// <summary>
/// <c>keras.callbacks.History</c>, returned by <c>Fit</c>: <c>history.history['loss']</c> is
/// <c>history.Values["loss"]</c> here (a member cannot share its class's name; see docs/naming.md).
/// </summary>
public sealed class History : Callback
{
    /// <summary>The epochs run, 0-based, as Keras's <c>history.epoch</c>.</summary>
    public List<int> Epoch { get; } = new();

    /// <summary>Keras's <c>history.history</c>: one list per log key, one entry per epoch.</summary>
    public HistoryValues Values { get; } = new();

    public override void OnTrainBegin(Logs logs) => Epoch.Clear();

    public override void OnEpochEnd(int epoch, Logs logs)
    {
        Epoch.Add(epoch);
        foreach (var (key, value) in logs) Values.Append(key, value);
    }
}
