using static TorchSharp.torch;

namespace KerasSharp.Optimizers;

/// <summary>
/// <c>keras.optimizers.RMSprop(learning_rate=0.001, rho=0.9)</c>: a = ρ·a + (1 − ρ)·g²; p −= lr·g / (√a + ε), epsilon
/// outside the root as in Keras 2 (Keras 3 moved it inside). Torch's defaults (alpha 0.99, lr 0.01) do not apply.
/// <c>keras.optimizers.rmsprop(lr=0.001, decay=1e-6)</c> ports as <c>new RMSprop(lr: 0.001, decay: 1e-6)</c>.
/// </summary>
[KerasObject("RMSprop", Aliases = new[] { "rmsprop" })]
public sealed class RMSprop : Optimizer
{
    public RMSprop(double? learning_rate = null, double rho = OptimizerDefaults.RmspropRho, double? epsilon = null,
                   double decay = 0.0, double? clipnorm = null, double? clipvalue = null, double? lr = null)
        : base(learning_rate, lr, OptimizerDefaults.RmspropLearningRate, decay, clipnorm, clipvalue)
    {
        Rho = ArgumentValidation.NonNegative(nameof(rho), rho);
        Epsilon = epsilon ?? Backend.KerasBackend.Epsilon();
    }

    public double Rho { get; }
    public double Epsilon { get; }

    protected override Tensor[] CreateSlots(Tensor parameter) => new[] { zeros_like(parameter) };

    protected override void Update(Tensor p, Tensor g, Tensor[] slots, double lr)
    {
        var a = slots[0].mul_(Rho).addcmul_(g, g, 1 - Rho);
        p.addcdiv_(g, a.sqrt().add_(Epsilon), -lr);
    }
}
