using static TorchSharp.torch;

namespace KerasSharp.Optimizers;

/// <summary><c>keras.optimizers.Adagrad(learning_rate=0.01)</c>: a += g²; p −= lr·g / (√a + ε).</summary>
[KerasObject("Adagrad", Aliases = new[] { "adagrad" })]
public sealed class Adagrad : Optimizer
{
    public Adagrad(double? learning_rate = null, double? epsilon = null, double decay = 0.0, double? clipnorm = null,
                   double? clipvalue = null, double? lr = null)
        : base(learning_rate, lr, OptimizerDefaults.AdagradLearningRate, decay, clipnorm, clipvalue)
    {
        Epsilon = epsilon ?? Backend.KerasBackend.Epsilon();
    }

    public double Epsilon { get; }

    protected override Tensor[] CreateSlots(Tensor parameter) => new[] { zeros_like(parameter) };

    protected override void Update(Tensor p, Tensor g, Tensor[] slots, double lr)
    {
        var a = slots[0].addcmul_(g, g, 1);
        p.addcdiv_(g, a.sqrt().add_(Epsilon), -lr);
    }
}
