using System;
using System.Linq;
using static TorchSharp.torch;

namespace KerasSharp.Callbacks;

/// <summary>
/// <c>keras.callbacks.EarlyStopping(monitor='val_loss', min_delta=0, patience=0, verbose=0, mode='auto',
/// baseline=None, restore_best_weights=False)</c>, with Keras 2.3.1's rules: training stops once <c>patience</c>
/// epochs pass without an improvement of more than <c>min_delta</c> (or without beating <c>baseline</c>).
/// </summary>
public sealed class EarlyStopping : MonitorCallback
{
    private double _best;
    private Tensor[]? _bestWeights;

    public EarlyStopping(string monitor = "val_loss", double min_delta = 0, int patience = 0, int verbose = 0,
                         string mode = "auto", double? baseline = null, bool restore_best_weights = false)
        : base(monitor, mode, min_delta)
    {
        Patience = patience;
        Verbose = verbose;
        Baseline = baseline;
        RestoreBestWeights = restore_best_weights;
    }

    public int Patience { get; }
    public int Verbose { get; }
    public double? Baseline { get; }
    public bool RestoreBestWeights { get; }

    /// <summary>Epochs since the last improvement.</summary>
    public int Wait { get; private set; }

    /// <summary>The epoch training stopped at (0 if it did not stop early).</summary>
    public int StoppedEpoch { get; private set; }

    public override void OnTrainBegin(Logs logs)
    {
        Wait = 0;
        StoppedEpoch = 0;
        _best = Baseline ?? WorstValue;
        DisposeBest();
    }

    public override void OnEpochEnd(int epoch, Logs logs)
    {
        if (Current(logs) is not double current) return;
        if (IsImprovement(current, _best))
        {
            _best = current;
            Wait = 0;
            if (RestoreBestWeights)
            {
                DisposeBest();
                _bestWeights = Model!.GetWeights();
            }
            return;
        }
        Wait++;
        if (Wait >= Patience)
        {
            StoppedEpoch = epoch;
            Model!.StopTraining = true;
            if (RestoreBestWeights && _bestWeights is not null)
            {
                if (Verbose > 0) Console.WriteLine("Restoring model weights from the end of the best epoch");
                Model.SetWeights(_bestWeights);
            }
        }
    }

    public override void OnTrainEnd(Logs logs)
    {
        if (StoppedEpoch > 0 && Verbose > 0) Console.WriteLine($"Epoch {StoppedEpoch + 1:00000}: early stopping");
    }

    private void DisposeBest()
    {
        foreach (var w in _bestWeights ?? Array.Empty<Tensor>()) w.Dispose();
        _bestWeights = null;
    }
}
