using System.Collections.Generic;
using KerasSharp.Models;

namespace KerasSharp.Callbacks;

/// <summary>Calls a list of callbacks in order, as Keras's <c>CallbackList</c>.</summary>
public sealed class CallbackList : Callback
{
    private readonly List<Callback> _callbacks;

    public CallbackList(IEnumerable<Callback> callbacks) => _callbacks = new List<Callback>(callbacks);

    public IReadOnlyList<Callback> Callbacks => _callbacks;

    public override void SetModel(Model model) { base.SetModel(model); _callbacks.ForEach(c => c.SetModel(model)); }
    public override void SetParams(IReadOnlyDictionary<string, object> parameters) { base.SetParams(parameters); _callbacks.ForEach(c => c.SetParams(parameters)); }
    public override void OnTrainBegin(Logs logs) => _callbacks.ForEach(c => c.OnTrainBegin(logs));
    public override void OnTrainEnd(Logs logs) => _callbacks.ForEach(c => c.OnTrainEnd(logs));
    public override void OnEpochBegin(int epoch, Logs logs) => _callbacks.ForEach(c => c.OnEpochBegin(epoch, logs));
    public override void OnEpochEnd(int epoch, Logs logs) => _callbacks.ForEach(c => c.OnEpochEnd(epoch, logs));
    public override void OnTrainBatchBegin(int batch, Logs logs) => _callbacks.ForEach(c => c.OnTrainBatchBegin(batch, logs));
    public override void OnTrainBatchEnd(int batch, Logs logs) => _callbacks.ForEach(c => c.OnTrainBatchEnd(batch, logs));
    public override void OnTestBegin(Logs logs) => _callbacks.ForEach(c => c.OnTestBegin(logs));
    public override void OnTestEnd(Logs logs) => _callbacks.ForEach(c => c.OnTestEnd(logs));
    public override void OnTestBatchBegin(int batch, Logs logs) => _callbacks.ForEach(c => c.OnTestBatchBegin(batch, logs));
    public override void OnTestBatchEnd(int batch, Logs logs) => _callbacks.ForEach(c => c.OnTestBatchEnd(batch, logs));
    public override void OnPredictBegin(Logs logs) => _callbacks.ForEach(c => c.OnPredictBegin(logs));
    public override void OnPredictEnd(Logs logs) => _callbacks.ForEach(c => c.OnPredictEnd(logs));
    public override void OnPredictBatchBegin(int batch, Logs logs) => _callbacks.ForEach(c => c.OnPredictBatchBegin(batch, logs));
    public override void OnPredictBatchEnd(int batch, Logs logs) => _callbacks.ForEach(c => c.OnPredictBatchEnd(batch, logs));
}
