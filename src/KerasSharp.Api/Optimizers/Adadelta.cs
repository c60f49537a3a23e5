using static TorchSharp.torch;

namespace KerasSharp.Optimizers;

/// <summary>
/// <c>keras.optimizers.Adadelta(learning_rate=1.0, rho=0.95)</c>: a = ρ·a + (1 − ρ)·g²;
/// u = g·√(d + ε) / √(a + ε); p −= lr·u; d = ρ·d + (1 − ρ)·u².
/// </summary>
[KerasObject("Adadelta", Aliases = new[] { "adadelta" })]
public sealed class Adadelta : Optimizer
{
    public Adadelta(double? learning_rate = null, double rho = OptimizerDefaults.AdadeltaRho, double? epsilon = null,
                    double decay = 0.0, double? clipnorm = null, double? clipvalue = null, double? lr = null)
        : base(learning_rate, lr, OptimizerDefaults.AdadeltaLearningRate, decay, clipnorm, clipvalue)
    {
        Rho = ArgumentValidation.NonNegative(nameof(rho), rho);
        Epsilon = epsilon ?? Backend.KerasBackend.Epsilon();
    }

    public double Rho { get; }
    public double Epsilon { get; }

    protected override Tensor[] CreateSlots(Tensor parameter) => new[] { zeros_like(parameter), zeros_like(parameter) };

    protected override void Update(Tensor p, Tensor g, Tensor[] slots, double lr)
    {
        var (a, d) = (slots[0], slots[1]);
        a.mul_(Rho).addcmul_(g, g, 1 - Rho);
        var update = g * (d + Epsilon).sqrt() / (a + Epsilon).sqrt();
        p.add_(update, alpha: -lr);
        d.mul_(Rho).addcmul_(update, update, 1 - Rho);
    }
}
