using System;
using static TorchSharp.torch;

namespace KerasSharp.Optimizers;

/// <summary>
/// <c>keras.optimizers.Nadam(learning_rate=0.002, beta_1=0.9, beta_2=0.999, schedule_decay=0.004)</c>, with Keras 2's
/// momentum schedule μₜ = β₁(1 − ½·0.96^(t·schedule_decay)). Like Keras 2, it takes no <c>decay</c>.
/// </summary>
[KerasObject("Nadam", Aliases = new[] { "nadam" })]
public sealed class Nadam : Optimizer
{
    private double _mSchedule = 1.0;
    private double _cacheT, _cacheNext, _scheduleNew, _scheduleNext;

    public Nadam(double? learning_rate = null, double beta_1 = OptimizerDefaults.Beta1,
                 double beta_2 = OptimizerDefaults.Beta2, double? epsilon = null,
                 double schedule_decay = OptimizerDefaults.NadamScheduleDecay, double? clipnorm = null,
                 double? clipvalue = null, double? lr = null)
        : base(learning_rate, lr, OptimizerDefaults.NadamLearningRate, 0.0, clipnorm, clipvalue)
    {
        Beta1 = ArgumentValidation.InRange(nameof(beta_1), beta_1, 0, 1);
        Beta2 = ArgumentValidation.InRange(nameof(beta_2), beta_2, 0, 1);
        Epsilon = epsilon ?? Backend.KerasBackend.Epsilon();
        ScheduleDecay = schedule_decay;
    }

    public double Beta1 { get; }
    public double Beta2 { get; }
    public double Epsilon { get; }
    public double ScheduleDecay { get; }

    /// <summary>The running product of momentum-cache values (Keras's <c>m_schedule</c>).</summary>
    public double MSchedule => _mSchedule;

    protected override double[] SharedState() => new[] { _mSchedule };

    protected override void RestoreSharedState(double[] values) => _mSchedule = values[0];

    protected override void BeginStep()
    {
        _cacheT = Beta1 * (1 - 0.5 * Math.Pow(0.96, Step * ScheduleDecay));
        _cacheNext = Beta1 * (1 - 0.5 * Math.Pow(0.96, (Step + 1) * ScheduleDecay));
        _scheduleNew = _mSchedule * _cacheT;
        _scheduleNext = _scheduleNew * _cacheNext;
        _mSchedule = _scheduleNew;
    }

    protected override Tensor[] CreateSlots(Tensor parameter) => new[] { zeros_like(parameter), zeros_like(parameter) };

    protected override void Update(Tensor p, Tensor g, Tensor[] slots, double lr)
    {
        var gPrime = g / (1 - _scheduleNew);
        var m = slots[0].mul_(Beta1).add_(g, alpha: 1 - Beta1);
        var mPrime = m / (1 - _scheduleNext);
        var v = slots[1].mul_(Beta2).addcmul_(g, g, 1 - Beta2);
        var vPrime = v / (1 - Math.Pow(Beta2, Step));
        var mBar = gPrime * (1 - _cacheT) + mPrime * _cacheNext;
        p.addcdiv_(mBar, vPrime.sqrt().add_(Epsilon), -LearningRate);
    }
}
