using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasSharp.Optimizers;

/// <summary>
/// A Keras 2 optimizer: the update equations of keras/optimizers.py (2.3.1), applied in place under no_grad.
/// The base handles what all share: <c>iterations</c>, the legacy <c>decay</c>
/// (<c>lr / (1 + decay·iterations)</c>, iterations counted before this step), <c>clipnorm</c> (over the global norm
/// of all gradients, as Keras 2) and <c>clipvalue</c>, and weight constraints after the update.
/// </summary>
public abstract class Optimizer
{
    private readonly Dictionary<KerasVariable, Tensor[]> _slots = new();

    protected Optimizer(double? learning_rate, double? lr, double defaultLearningRate, double decay,
                        double? clipnorm, double? clipvalue)
    {
        if (learning_rate is not null && lr is not null && learning_rate != lr)
            throw new ArgumentException($"Pass either `learning_rate` or its legacy name `lr`, not both. Received: learning_rate={learning_rate}, lr={lr}", nameof(lr));
        LearningRate = ArgumentValidation.NonNegative("learning_rate", learning_rate ?? lr ?? defaultLearningRate);
        InitialDecay = ArgumentValidation.NonNegative(nameof(decay), decay);
        if (clipnorm is <= 0) throw new ArgumentException($"`clipnorm` must be > 0. Received: clipnorm={clipnorm}", nameof(clipnorm));
        if (clipvalue is <= 0) throw new ArgumentException($"`clipvalue` must be > 0. Received: clipvalue={clipvalue}", nameof(clipvalue));
        ClipNorm = clipnorm;
        ClipValue = clipvalue;
    }

    /// <summary>The base learning rate (<c>optimizer.lr</c>); schedulers set it between epochs.</summary>
    public double LearningRate { get; set; }

    /// <summary>Keras's <c>decay</c>, the legacy per-iteration learning-rate decay.</summary>
    public double InitialDecay { get; }

    public double? ClipNorm { get; }
    public double? ClipValue { get; }

    /// <summary>Updates applied so far (<c>optimizer.iterations</c>).</summary>
    public long Iterations { get; protected internal set; }

    /// <summary>The learning rate the next update uses, decay applied.</summary>
    public double CurrentLearningRate =>
        InitialDecay > 0 ? LearningRate * (1.0 / (1.0 + InitialDecay * Iterations)) : LearningRate;

    /// <summary>The optimizer's slots (accumulators, moments) per variable, as created.</summary>
    public IReadOnlyDictionary<KerasVariable, Tensor[]> Slots => _slots;

    /// <summary>One update from the gradients stored on the variables.</summary>
    public void Apply(IReadOnlyList<KerasVariable> variables)
    {
        using var noGrad = torch.no_grad();
        var pairs = variables.Where(v => v.Value.grad is not null).Select(v => (Var: v, Grad: v.Value.grad!)).ToList();
        var grads = pairs.Select(p => p.Grad).ToList();
        if (ClipNorm is double clipnorm && grads.Count > 0)
        {
            var norm = torch.stack(grads.Select(g => g.square().sum()).ToArray()).sum().sqrt();
            var scale = torch.where(norm.ge(clipnorm), clipnorm / norm, torch.ones_like(norm));
            grads = grads.Select(g => g * scale).ToList();
        }
        if (ClipValue is double clipvalue) grads = grads.Select(g => g.clamp(-clipvalue, clipvalue)).ToList();

        var lr = CurrentLearningRate;
        BeginStep();
        for (int i = 0; i < pairs.Count; i++)
        {
            var variable = pairs[i].Var;
            if (!_slots.TryGetValue(variable, out var slots))
                _slots[variable] = slots = CreateSlots(variable.Value).Select(s => s.DetachFromDisposeScope()).ToArray();
            Update(variable.Value, grads[i], slots, lr);
            if (variable.Constraint is not null) variable.Value.copy_(variable.Constraint.Call(variable.Value));
        }
        Iterations++;
    }

    /// <summary>Per-step state shared by all variables (Nadam's momentum schedule), before any update.</summary>
    protected virtual void BeginStep() { }

    /// <summary>The slots one variable needs, created zeroed on its device.</summary>
    protected abstract Tensor[] CreateSlots(Tensor parameter);

    /// <summary>The Keras update of one variable, in place; <paramref name="lr"/> has the decay applied.</summary>
    protected abstract void Update(Tensor p, Tensor g, Tensor[] slots, double lr);

    /// <summary><c>t = iterations + 1</c>, as Adam-family updates count it.</summary>
    protected double Step => Iterations + 1;

    /// <summary><c>keras.optimizers.get</c>: a fresh optimizer with Keras defaults.</summary>
    public static Optimizer Get(string name) => name.ToLowerInvariant() switch
    {
        "sgd" => new SGD(),
        "rmsprop" => new RMSprop(),
        "adagrad" => new Adagrad(),
        "adadelta" => new Adadelta(),
        "adam" => new Adam(),
        "adamax" => new Adamax(),
        "nadam" => new Nadam(),
        _ => throw new ArgumentException($"Unknown optimizer: '{name}'. Known: sgd, rmsprop, adagrad, adadelta, adam, adamax, nadam.", "optimizer"),
    };

    public static implicit operator Optimizer(string name) => Get(name);
}
