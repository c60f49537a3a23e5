using System;
using System.Globalization;

namespace KerasSharp.Callbacks;

/// <summary>
/// <c>keras.callbacks.LearningRateScheduler(schedule, verbose=0)</c>: sets the optimizer's learning rate at the start
/// of each epoch from <c>schedule(epoch)</c> or <c>schedule(epoch, lr)</c> (epochs counted from 0), and records it as
/// <c>lr</c> in the epoch logs.
/// </summary>
public sealed class LearningRateScheduler : Callback
{
    private readonly Func<int, double, double> _schedule;

    public LearningRateScheduler(Func<int, double> schedule, int verbose = 0) : this((epoch, _) => schedule(epoch), verbose) { }

    public LearningRateScheduler(Func<int, double, double> schedule, int verbose = 0)
    {
        _schedule = schedule ?? throw new ArgumentNullException(nameof(schedule));
        Verbose = verbose;
    }

    public int Verbose { get; }

    public override void OnEpochBegin(int epoch, Logs logs)
    {
        var optimizer = Model?.Optimizer ?? throw new KerasException("LearningRateScheduler needs a compiled model: the optimizer has no learning rate yet.");
        var lr = _schedule(epoch, optimizer.LearningRate);
        if (double.IsNaN(lr) || lr < 0)
            throw new ArgumentException($"The output of the \"schedule\" function should be a non-negative float. Received: {lr} at epoch {epoch}", "schedule");
        optimizer.LearningRate = lr;
        if (Verbose > 0)
            Console.WriteLine($"\nEpoch {epoch + 1:00000}: LearningRateScheduler setting learning rate to {lr.ToString("R", CultureInfo.InvariantCulture)}.");
    }

    public override void OnEpochEnd(int epoch, Logs logs) => logs["lr"] = Model!.Optimizer!.LearningRate;
}
