using System;
using KerasSharp.Callbacks;
using KerasSharp.Optimizers;

namespace KerasSharp.Horovod.Callbacks;

/// <summary>
/// <c>hvd.callbacks.LearningRateScheduleCallback(initial_lr, multiplier, start_epoch=0, end_epoch=None,
/// staircase=True, momentum_correction=True, steps_per_epoch=None)</c>: from <c>start_epoch</c> up to
/// <c>end_epoch</c> (excluded) the learning rate is <c>initial_lr · multiplier(epoch)</c>, set at the first
/// batch of each epoch (staircase) or at every batch with <c>epoch + batch / steps_per_epoch</c>. A constant
/// multiplier m means <c>m ** (epoch − start_epoch)</c>. With momentum correction an SGD's momentum is scaled by
/// new_lr / old_lr for the batch where the rate changes (Goyal et al. 2017). The epoch logs get <c>lr</c>.
/// </summary>
public class LearningRateScheduleCallback : Callback
{
    private readonly Func<double, double>? _multiplier;
    private double? _restoreMomentum;
    private int _currentEpoch;

    public LearningRateScheduleCallback(double initial_lr, double multiplier, int start_epoch = 0, int? end_epoch = null,
                                        bool staircase = true, bool momentum_correction = true, int? steps_per_epoch = null)
        : this(initial_lr, epoch => Math.Pow(multiplier, epoch - start_epoch), start_epoch, end_epoch, staircase,
               momentum_correction, steps_per_epoch) { }

    public LearningRateScheduleCallback(double initial_lr, Func<double, double> multiplier, int start_epoch = 0, int? end_epoch = null,
                                        bool staircase = true, bool momentum_correction = true, int? steps_per_epoch = null)
        : this(initial_lr, start_epoch, end_epoch, staircase, momentum_correction, steps_per_epoch)
        => _multiplier = multiplier ?? throw new ArgumentNullException(nameof(multiplier));

    /// <summary>For a schedule that overrides <see cref="Multiplier"/>.</summary>
    protected LearningRateScheduleCallback(double initial_lr, int start_epoch, int? end_epoch, bool staircase,
                                           bool momentum_correction, int? steps_per_epoch)
    {
        InitialLr = ArgumentValidation.NonNegative(nameof(initial_lr), initial_lr);
        StartEpoch = start_epoch;
        EndEpoch = end_epoch;
        Staircase = staircase;
        MomentumCorrection = momentum_correction;
        StepsPerEpoch = steps_per_epoch;
    }

    public double InitialLr { get; }
    public int StartEpoch { get; }
    public int? EndEpoch { get; }
    public bool Staircase { get; }
    public bool MomentumCorrection { get; }
    public int? StepsPerEpoch { get; private set; }

    public override void OnTrainBegin(Logs logs)
    {
        if (Staircase || StepsPerEpoch is not null) return;
        StepsPerEpoch = Params.TryGetValue("steps", out var steps) && steps is int s && s > 0 ? s
            : Params.TryGetValue("samples", out var samples) && Params.TryGetValue("batch_size", out var batch) ? (int)samples / (int)batch
            : throw new KerasException($"Could not autodetect the number of steps per epoch. Please specify the steps_per_epoch parameter to the {GetType().Name}().");
    }

    public override void OnEpochBegin(int epoch, Logs logs) => _currentEpoch = epoch;

    public override void OnTrainBatchBegin(int batch, Logs logs)
    {
        if (_currentEpoch < StartEpoch || EndEpoch is int end && _currentEpoch >= end) return;
        if (Staircase && batch == 0) Adjust(_currentEpoch);
        else if (!Staircase) Adjust(_currentEpoch + (double)batch / StepsPerEpoch!.Value);
    }

    public override void OnTrainBatchEnd(int batch, Logs logs)
    {
        if (_restoreMomentum is double momentum && Optimizer is SGD sgd) sgd.Momentum = momentum;
        _restoreMomentum = null;
    }

    public override void OnEpochEnd(int epoch, Logs logs) => logs["lr"] = Optimizer.LearningRate;

    /// <summary>The multiplier of the learning rate at a (fractional) epoch.</summary>
    protected virtual double Multiplier(double epoch) => _multiplier!(epoch);

    private Optimizer Optimizer => Model?.Optimizer ?? throw new KerasException($"{GetType().Name} needs a compiled model: the optimizer has no learning rate yet.");

    private void Adjust(double epoch)
    {
        var optimizer = Optimizer;
        var oldLr = optimizer.LearningRate;
        var newLr = InitialLr * Multiplier(epoch);
        optimizer.LearningRate = newLr;
        if (MomentumCorrection && optimizer is SGD sgd && oldLr > 0)
        {
            _restoreMomentum = sgd.Momentum;
            sgd.Momentum = sgd.Momentum * newLr / oldLr;
        }
    }
}
