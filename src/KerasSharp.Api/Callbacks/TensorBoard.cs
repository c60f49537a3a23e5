using System;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace KerasSharp.Callbacks;

/// <summary>
/// <c>keras.callbacks.TensorBoard(log_dir='./logs', histogram_freq=0, update_freq='epoch')</c> through TorchSharp's
/// SummaryWriter: every log value as a scalar per epoch (or per batch with update_freq='batch'), and weight
/// histograms every <c>histogram_freq</c> epochs. Keras's graph, image and embedding options are not offered.
/// </summary>
public sealed class TensorBoard : Callback
{
    private SummaryWriter? _writer;
    private int _batches;

    public TensorBoard(string log_dir = "./logs", int histogram_freq = 0, string update_freq = "epoch")
    {
        LogDir = log_dir;
        HistogramFreq = histogram_freq >= 0 ? histogram_freq
            : throw new ArgumentException($"`histogram_freq` must be >= 0. Received: histogram_freq={histogram_freq}", nameof(histogram_freq));
        UpdateFreq = ArgumentValidation.OneOf(nameof(update_freq), update_freq, "epoch", "batch");
    }

    public string LogDir { get; }
    public int HistogramFreq { get; }
    public string UpdateFreq { get; }

    public override void OnTrainBegin(Logs logs)
    {
        _writer = utils.tensorboard.SummaryWriter(LogDir);
        _batches = 0;
    }

    public override void OnTrainBatchEnd(int batch, Logs logs)
    {
        if (UpdateFreq != "batch" || _writer is null) return;
        foreach (var (key, value) in logs)
            if (key is not ("batch" or "size")) _writer.add_scalar("batch_" + key, (float)value, _batches);
        _batches++;
    }

    public override void OnEpochEnd(int epoch, Logs logs)
    {
        if (_writer is null) return;
        foreach (var (key, value) in logs) _writer.add_scalar(key, (float)value, epoch);
        if (HistogramFreq > 0 && epoch % HistogramFreq == 0)
            foreach (var variable in Model!.Weights)
            {
                using var values = variable.Value.detach().cpu();
                _writer.add_histogram(variable.FullName.Replace(":0", ""), values, epoch);
            }
    }

    public override void OnTrainEnd(Logs logs) => _writer = null;
}
