using System;
using System.Globalization;

namespace KerasSharp.Callbacks;

/// <summary>
/// <c>keras.callbacks.ReduceLROnPlateau(monitor='val_loss', factor=0.1, patience=10, verbose=0, mode='auto',
/// min_delta=1e-4, cooldown=0, min_lr=0)</c>: multiplies the learning rate by <c>factor</c> (not below
/// <c>min_lr</c>) after <c>patience</c> epochs without improvement, then waits <c>cooldown</c> epochs.
/// </summary>
public sealed class ReduceLROnPlateau : MonitorCallback
{
    private double _best;
    private int _wait;
    private int _cooldownCounter;

    public ReduceLROnPlateau(string monitor = "val_loss", double factor = 0.1, int patience = 10, int verbose = 0,
                             string mode = "auto", double min_delta = 1e-4, int cooldown = 0, double min_lr = 0)
        : base(monitor, mode, min_delta)
    {
        if (factor >= 1.0)
            throw new ArgumentException($"ReduceLROnPlateau does not support a factor >= 1.0. Received: factor={factor}", nameof(factor));
        Factor = factor;
        Patience = patience;
        Verbose = verbose;
        Cooldown = cooldown;
        MinLr = min_lr;
    }

    public double Factor { get; }
    public int Patience { get; }
    public int Verbose { get; }
    public int Cooldown { get; }
    [KerasName("min_lr")]
    public double MinLr { get; }

    public override void OnTrainBegin(Logs logs)
    {
        _best = WorstValue;
        _wait = 0;
        _cooldownCounter = 0;
    }

    public override void OnEpochEnd(int epoch, Logs logs)
    {
        var optimizer = Model!.Optimizer!;
        logs["lr"] = optimizer.LearningRate;
        if (Current(logs) is not double current) return;
        if (_cooldownCounter > 0)
        {
            _cooldownCounter--;
            _wait = 0;
        }
        if (IsImprovement(current, _best))
        {
            _best = current;
            _wait = 0;
        }
        // As Keras, the cooldown is checked again after the decrement above.
        else if (_cooldownCounter == 0)
        {
            _wait++;
            if (_wait >= Patience)
            {
                var oldLr = optimizer.LearningRate;
                if (oldLr > MinLr)
                {
                    var newLr = Math.Max(oldLr * Factor, MinLr);
                    optimizer.LearningRate = newLr;
                    if (Verbose > 0)
                        Console.WriteLine($"\nEpoch {epoch + 1:00000}: ReduceLROnPlateau reducing learning rate to {newLr.ToString("R", CultureInfo.InvariantCulture)}.");
                    _cooldownCounter = Cooldown;
                    _wait = 0;
                }
            }
        }
    }
}
