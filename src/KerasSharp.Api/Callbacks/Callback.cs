using System.Collections.Generic;
using KerasSharp.Models;

namespace KerasSharp.Callbacks;

/// <summary>
/// <c>keras.callbacks.Callback</c>: override the hooks you need. <see cref="Model"/> is set before training starts;
/// <see cref="Params"/> holds Keras's <c>params</c> (epochs, steps, samples, verbose, do_validation, metrics).
/// </summary>
public abstract class Callback
{
    public Model? Model { get; private set; }
    public IReadOnlyDictionary<string, object> Params { get; private set; } = new Dictionary<string, object>();

    public virtual void SetModel(Model model) => Model = model;
    public virtual void SetParams(IReadOnlyDictionary<string, object> parameters) => Params = parameters;

    public virtual void OnTrainBegin(Logs logs) { }
    public virtual void OnTrainEnd(Logs logs) { }
    public virtual void OnEpochBegin(int epoch, Logs logs) { }
    public virtual void OnEpochEnd(int epoch, Logs logs) { }
    public virtual void OnTrainBatchBegin(int batch, Logs logs) { }
    public virtual void OnTrainBatchEnd(int batch, Logs logs) { }
    public virtual void OnTestBegin(Logs logs) { }
    public virtual void OnTestEnd(Logs logs) { }
    public virtual void OnTestBatchBegin(int batch, Logs logs) { }
    public virtual void OnTestBatchEnd(int batch, Logs logs) { }
    public virtual void OnPredictBegin(Logs logs) { }
    public virtual void OnPredictEnd(Logs logs) { }
    public virtual void OnPredictBatchBegin(int batch, Logs logs) { }
    public virtual void OnPredictBatchEnd(int batch, Logs logs) { }
}
