using System;
using System.Collections.Generic;
using System.Linq;
using KerasSharp.Saving;
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
    [KerasName("decay")]
    public double InitialDecay { get; }

    [KerasName("clipnorm")]
    public double? ClipNorm { get; }

    [KerasName("clipvalue")]
    public double? ClipValue { get; }

    /// <summary>Updates applied so far (<c>optimizer.iterations</c>).</summary>
    public long Iterations { get; protected internal set; }

    /// <summary>The learning rate the next update uses, decay applied.</summary>
    public double CurrentLearningRate =>
        InitialDecay > 0 ? LearningRate * (1.0 / (1.0 + InitialDecay * Iterations)) : LearningRate;

    /// <summary>
    /// Set by <c>hvd.DistributedOptimizer</c>: replaces the (clipped) gradients by their average over the ranks
    /// before the update, as Horovod's <c>get_gradients</c> does after Keras's own.
    /// </summary>
    internal Func<IReadOnlyList<Tensor>, IReadOnlyList<Tensor>>? GradientReduction { get; set; }

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
        if (GradientReduction is not null) grads = GradientReduction(grads).ToList();

        var lr = CurrentLearningRate;
        BeginStep();
        for (int i = 0; i < pairs.Count; i++)
        {
            var variable = pairs[i].Var;
            if (!_slots.TryGetValue(variable, out var slots))
                _slots[variable] = slots = CreateSlots(variable.Value).Select(s => s.DetachFromDisposeScope()).ToArray();
            Update(variable.Value, grads[i], slots, lr);
            if (variable.Constraint is not null) variable.Value.copy_(variable.Constraint.Call(variable.Value));
            variable.MarkChanged();
        }
        Iterations++;
    }

    /// <summary>Creates the slots of every variable now (zeros), as the first update would.</summary>
    public void Build(IReadOnlyList<KerasVariable> variables)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        foreach (var v in variables.Where(v => !_slots.ContainsKey(v)))
            _slots[v] = CreateSlots(v.Value).Select(s => s.DetachFromDisposeScope()).ToArray();
    }

    /// <summary>
    /// Drops the slots of these variables: Keras 2 makes new accumulators each time a model is compiled (its
    /// <c>get_updates</c> runs again), while <c>iterations</c> goes on.
    /// </summary>
    internal void ForgetSlots(IEnumerable<KerasVariable> variables)
    {
        foreach (var v in variables)
            if (_slots.Remove(v, out var slots))
                foreach (var slot in slots) slot.Dispose();
    }

    /// <summary>
    /// Keras's <c>optimizer.get_weights()</c> for these variables: <c>iterations</c>, any shared state, then each slot
    /// kind for every variable in turn (RMSprop: accumulators; Adam: all m, then all v), as Keras 2 orders them.
    /// </summary>
    public Tensor[] GetWeights(IReadOnlyList<KerasVariable> variables)
    {
        Build(variables);
        var slotCount = variables.Count == 0 ? 0 : _slots[variables[0]].Length;
        var result = new List<Tensor> { torch.tensor(Iterations) };
        result.AddRange(SharedState().Select(v => torch.tensor(v)));
        for (int k = 0; k < slotCount; k++)
            result.AddRange(variables.Select(v => _slots[v][k].detach().cpu().clone()));
        return result.ToArray();
    }

    /// <summary>
    /// Restores what <see cref="GetWeights"/> returned, checking every shape first. The last
    /// <see cref="OptionalSlots"/> slot kinds may be missing (left as they are), as tf.keras 2.x saves Adam without vhat.
    /// </summary>
    public void SetWeights(IReadOnlyList<KerasVariable> variables, IReadOnlyList<Tensor> weights)
    {
        Build(variables);
        var shared = SharedState().Length;
        var slotCount = variables.Count == 0 ? 0 : _slots[variables[0]].Length;
        var stored = Enumerable.Range(slotCount - OptionalSlots, OptionalSlots + 1)
            .FirstOrDefault(k => 1 + shared + k * variables.Count == weights.Count, -1);
        if (stored < 0)
            throw new KerasException($"{GetType().Name}.SetWeights: expected {1 + shared + slotCount * variables.Count} optimizer weights (iterations, {shared} shared, {slotCount} per variable for {variables.Count} variables), got {weights.Count}.");
        for (int k = 0; k < stored; k++)
            for (int i = 0; i < variables.Count; i++)
                if (!_slots[variables[i]][k].shape.SequenceEqual(weights[1 + shared + k * variables.Count + i].shape))
                    throw new KerasException($"{GetType().Name}.SetWeights: slot {k} of {variables[i].FullName} has shape {Layer.ShapeText(_slots[variables[i]][k].shape)}, the saved one {Layer.ShapeText(weights[1 + shared + k * variables.Count + i].shape)}.");
        using var noGrad = torch.no_grad();
        Iterations = weights[0].to_type(ScalarType.Int64).item<long>();
        RestoreSharedState(weights.Skip(1).Take(shared).Select(w => w.to_type(ScalarType.Float64).item<double>()).ToArray());
        for (int k = 0; k < stored; k++)
            for (int i = 0; i < variables.Count; i++)
                _slots[variables[i]][k].copy_(weights[1 + shared + k * variables.Count + i]);
    }

    /// <summary>How many trailing slot kinds a saved state may leave out (unused ones that some Keras versions skip).</summary>
    protected virtual int OptionalSlots => 0;

    /// <summary>State beyond iterations and slots (Nadam's m_schedule), saved after iterations as Keras does.</summary>
    protected virtual double[] SharedState() => Array.Empty<double>();

    protected virtual void RestoreSharedState(double[] values) { }

    /// <summary>Per-step state shared by all variables (Nadam's momentum schedule), before any update.</summary>
    protected virtual void BeginStep() { }

    /// <summary>The slots one variable needs, created zeroed on its device.</summary>
    protected abstract Tensor[] CreateSlots(Tensor parameter);

    /// <summary>The Keras update of one variable, in place; <paramref name="lr"/> has the decay applied.</summary>
    protected abstract void Update(Tensor p, Tensor g, Tensor[] slots, double lr);

    /// <summary><c>t = iterations + 1</c>, as Adam-family updates count it.</summary>
    protected double Step => Iterations + 1;

    /// <summary><c>keras.optimizers.get</c>: a fresh optimizer with Keras defaults, by a declared name in any case (<c>rmsprop</c>, <c>RMSprop</c>).</summary>
    public static Optimizer Get(string name) =>
        ObjectRegistry.Create<Optimizer>(name) ?? throw ObjectRegistry.Unknown(typeof(Optimizer), "optimizer", name, "optimizer");

    public static implicit operator Optimizer(string name) => Get(name);
}
