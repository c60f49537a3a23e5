using System;

namespace KerasSharp.Callbacks;

/// <summary><c>keras.callbacks.LambdaCallback</c>: a callback made of delegates, one per hook.</summary>
public sealed class LambdaCallback : Callback
{
    private readonly Action<int, Logs>? _onEpochBegin, _onEpochEnd, _onBatchBegin, _onBatchEnd;
    private readonly Action<Logs>? _onTrainBegin, _onTrainEnd;

    public LambdaCallback(Action<int, Logs>? on_epoch_begin = null, Action<int, Logs>? on_epoch_end = null,
                          Action<int, Logs>? on_batch_begin = null, Action<int, Logs>? on_batch_end = null,
                          Action<Logs>? on_train_begin = null, Action<Logs>? on_train_end = null)
    {
        (_onEpochBegin, _onEpochEnd, _onBatchBegin, _onBatchEnd) = (on_epoch_begin, on_epoch_end, on_batch_begin, on_batch_end);
        (_onTrainBegin, _onTrainEnd) = (on_train_begin, on_train_end);
    }

    public override void OnEpochBegin(int epoch, Logs logs) => _onEpochBegin?.Invoke(epoch, logs);
    public override void OnEpochEnd(int epoch, Logs logs) => _onEpochEnd?.Invoke(epoch, logs);
    public override void OnTrainBatchBegin(int batch, Logs logs) => _onBatchBegin?.Invoke(batch, logs);
    public override void OnTrainBatchEnd(int batch, Logs logs) => _onBatchEnd?.Invoke(batch, logs);
    public override void OnTrainBegin(Logs logs) => _onTrainBegin?.Invoke(logs);
    public override void OnTrainEnd(Logs logs) => _onTrainEnd?.Invoke(logs);
}
