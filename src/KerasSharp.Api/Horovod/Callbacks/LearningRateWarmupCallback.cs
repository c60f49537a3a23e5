using System;
using System.Globalization;
using KerasSharp.Callbacks;

namespace KerasSharp.Horovod.Callbacks;

/// <summary>
/// <c>hvd.callbacks.LearningRateWarmupCallback(initial_lr, warmup_epochs=5, momentum_correction=True,
/// steps_per_epoch=None, verbose=0)</c>: the learning rate grows at every batch from <c>initial_lr / size</c> to
/// <c>initial_lr</c> over the first <c>warmup_epochs</c> epochs,
/// <c>lr(epoch) = initial_lr / size · (epoch · (size − 1) / warmup_epochs + 1)</c>, with
/// <c>epoch = full epochs + (batch + 1) / steps_per_epoch</c> (Goyal et al. 2017).
/// </summary>
public sealed class LearningRateWarmupCallback : LearningRateScheduleCallback
{
    public LearningRateWarmupCallback(double initial_lr, int warmup_epochs = 5, bool momentum_correction = true,
                                      int? steps_per_epoch = null, int verbose = 0)
        : base(initial_lr, start_epoch: 0, end_epoch: warmup_epochs, staircase: false,
               momentum_correction: momentum_correction, steps_per_epoch: steps_per_epoch)
    {
        if (warmup_epochs <= 0) throw new ArgumentException($"warmup_epochs must be positive. Received: warmup_epochs={warmup_epochs}", nameof(warmup_epochs));
        Hvd.RequireInit();
        WarmupEpochs = warmup_epochs;
        Verbose = verbose;
    }

    public int WarmupEpochs { get; }
    public int Verbose { get; }

    public override void OnEpochEnd(int epoch, Logs logs)
    {
        base.OnEpochEnd(epoch, logs);
        if (epoch == WarmupEpochs - 1 && Verbose > 0 && Hvd.Rank() == 0)
            Console.WriteLine($"\nEpoch {epoch + 1}: finished gradual learning rate warmup to {Model!.Optimizer!.LearningRate.ToString("G6", CultureInfo.InvariantCulture)}.");
    }

    protected override double Multiplier(double epoch)
    {
        // Rounds at the end of each epoch, as Horovod's multiplier does (its TensorBoard curves look better).
        epoch += 1.0 / StepsPerEpoch!.Value;
        var size = Hvd.Size();
        return 1.0 / size * (epoch * (size - 1) / WarmupEpochs + 1);
    }
}
