using System;
using static TorchSharp.torch;

namespace KerasSharp.Optimizers;

/// <summary>
/// <c>keras.optimizers.Adam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, amsgrad=False)</c>, Keras's form:
/// lr_t = lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ); p −= lr_t·m / (√v + ε). Torch's Adam adds ε after the bias correction instead.
/// </summary>
[KerasObject("Adam", Aliases = new[] { "adam" })]
public sealed class Adam : Optimizer
{
    public Adam(double? learning_rate = null, double beta_1 = OptimizerDefaults.Beta1,
                double beta_2 = OptimizerDefaults.Beta2, double? epsilon = null, double decay = 0.0,
                bool amsgrad = false, double? clipnorm = null, double? clipvalue = null, double? lr = null)
        : base(learning_rate, lr, OptimizerDefaults.AdamLearningRate, decay, clipnorm, clipvalue)
    {
        Beta1 = ArgumentValidation.InRange(nameof(beta_1), beta_1, 0, 1);
        Beta2 = ArgumentValidation.InRange(nameof(beta_2), beta_2, 0, 1);
        Epsilon = epsilon ?? Backend.KerasBackend.Epsilon();
        Amsgrad = amsgrad;
    }

    public double Beta1 { get; }
    public double Beta2 { get; }
    public double Epsilon { get; }
    public bool Amsgrad { get; }

    // m, v and vhat, as Keras 2.1.6–2.3.1 keep them: without amsgrad vhat is an unused zeros((1,)), still saved
    // (weights = [iterations] + ms + vs + vhats). tf.keras 2.x saves no vhat then (see OptionalSlots).
    protected override Tensor[] CreateSlots(Tensor parameter) =>
        new[] { zeros_like(parameter), zeros_like(parameter), Amsgrad ? zeros_like(parameter) : zeros(1, device: parameter.device) };

    protected override int OptionalSlots => Amsgrad ? 0 : 1;

    protected override void Update(Tensor p, Tensor g, Tensor[] slots, double lr)
    {
        var lrT = lr * Math.Sqrt(1 - Math.Pow(Beta2, Step)) / (1 - Math.Pow(Beta1, Step));
        var m = slots[0].mul_(Beta1).add_(g, alpha: 1 - Beta1);
        var v = slots[1].mul_(Beta2).addcmul_(g, g, 1 - Beta2);
        if (Amsgrad) v = slots[2].copy_(maximum(slots[2], v));
        p.addcdiv_(m, v.sqrt().add_(Epsilon), -lrT);
    }
}
