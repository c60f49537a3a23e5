using System;
using static TorchSharp.torch;

namespace KerasSharp.Optimizers;

/// <summary><c>keras.optimizers.SGD(learning_rate=0.01, momentum=0.0, nesterov=False)</c>: v = m·v − lr·g; p += v (nesterov: p += m·v − lr·g).</summary>
[KerasObject("SGD", Aliases = new[] { "sgd" })]
public sealed class SGD : Optimizer
{
    public SGD(double? learning_rate = null, double momentum = 0.0, bool nesterov = false, double decay = 0.0,
               double? clipnorm = null, double? clipvalue = null, double? lr = null)
        : base(learning_rate, lr, OptimizerDefaults.SgdLearningRate, decay, clipnorm, clipvalue)
    {
        Momentum = ArgumentValidation.NonNegative(nameof(momentum), momentum);
        Nesterov = nesterov;
    }

    /// <summary>Settable as Keras's <c>K.set_value(optimizer.momentum, ...)</c> (Horovod's momentum correction does).</summary>
    public double Momentum { get; set; }
    public bool Nesterov { get; }

    protected override Tensor[] CreateSlots(Tensor parameter) =>
        Momentum == 0 && !Nesterov ? Array.Empty<Tensor>() : new[] { zeros_like(parameter) };

    protected override void Update(Tensor p, Tensor g, Tensor[] slots, double lr)
    {
        if (slots.Length == 0)
        {
            p.add_(g, alpha: -lr);
            return;
        }
        var v = slots[0].mul_(Momentum).add_(g, alpha: -lr);
        if (Nesterov) p.add_(v, alpha: Momentum).add_(g, alpha: -lr);
        else p.add_(v);
    }
}
