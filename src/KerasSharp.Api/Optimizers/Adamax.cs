using System;
using static TorchSharp.torch;

namespace KerasSharp.Optimizers;

/// <summary>
/// <c>keras.optimizers.Adamax(learning_rate=0.002, beta_1=0.9, beta_2=0.999)</c>: lr_t = lr/(1 − β₁ᵗ);
/// u = max(β₂·u, |g|); p −= lr_t·m / (u + ε).
/// </summary>
[KerasObject("Adamax", Aliases = new[] { "adamax" })]
public sealed class Adamax : Optimizer
{
    public Adamax(double? learning_rate = null, double beta_1 = OptimizerDefaults.Beta1,
                  double beta_2 = OptimizerDefaults.Beta2, double? epsilon = null, double decay = 0.0,
                  double? clipnorm = null, double? clipvalue = null, double? lr = null)
        : base(learning_rate, lr, OptimizerDefaults.AdamaxLearningRate, decay, clipnorm, clipvalue)
    {
        Beta1 = ArgumentValidation.InRange(nameof(beta_1), beta_1, 0, 1);
        Beta2 = ArgumentValidation.InRange(nameof(beta_2), beta_2, 0, 1);
        Epsilon = epsilon ?? Backend.KerasBackend.Epsilon();
    }

    public double Beta1 { get; }
    public double Beta2 { get; }
    public double Epsilon { get; }

    protected override Tensor[] CreateSlots(Tensor parameter) => new[] { zeros_like(parameter), zeros_like(parameter) };

    protected override void Update(Tensor p, Tensor g, Tensor[] slots, double lr)
    {
        var lrT = lr / (1 - Math.Pow(Beta1, Step));
        var m = slots[0].mul_(Beta1).add_(g, alpha: 1 - Beta1);
        var u = slots[1].copy_(maximum(slots[1] * Beta2, g.abs()));
        p.addcdiv_(m, u + Epsilon, -lrT);
    }
}
