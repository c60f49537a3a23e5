using System;
using System.Collections.Generic;
using System.Linq;
using KerasSharp.Backend;
using KerasSharp.Constraints;
using KerasSharp.Initializers;
using KerasSharp.Regularizers;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasSharp;

/// <summary>
/// The Keras layer contract over a TorchSharp module. A subclass validates and stores its arguments in the
/// constructor, creates its weights in <see cref="Build"/> with <see cref="AddWeight"/> (Keras names, Keras order,
/// Keras layout), computes in <see cref="Call"/> and reports its output shape in <see cref="ComputeOutputShape"/>.
/// Tensors are in the layer's own <c>data_format</c> (channels_last by default); every layout conversion for torch
/// lives in <c>Backend/Nn.cs</c>.
/// </summary>
public abstract class Layer : nn.Module<Tensor, Tensor>
{
    private readonly List<KerasVariable> _variables = new();
    private readonly List<Tensor> _activityLosses = new();

    protected Layer(string? name = null, bool trainable = true, Shape? input_shape = null,
                    Shape? batch_input_shape = null, string? dtype = null)
        : base(NativeLibraryCheck.Loaded("layer"))
    {
        // A model is numbered by the class it saves as, so a generated subclass of Sequential is "sequential_N" too.
        Name = name ?? KerasBackend.UniqueName(this is Models.Model model ? model.KerasClassName : GetType().Name);
        _trainable = trainable;
        if (dtype is not null && dtype != KerasBackend.FloatXName)
            throw new ArgumentException($"Only dtype='float32' is supported. Received: dtype='{dtype}'", nameof(dtype));
        Dtype = KerasBackend.FloatXName;
        if (input_shape is not null && batch_input_shape is not null)
            throw new ArgumentException($"Pass either input_shape or batch_input_shape to layer {Name}, not both. Received: input_shape={input_shape}, batch_input_shape={batch_input_shape}", nameof(input_shape));
        BatchInputShape = batch_input_shape ?? input_shape?.WithBatch();
    }

    /// <summary>The layer's Keras name, e.g. <c>conv2d_1</c>; also its group name in weight files.</summary>
    public string Name { get; }

    /// <summary>
    /// Keras's <c>layer.trainable</c>: when false, all its weights are non-trainable. Freezing stops gradient
    /// computation for them (and drops any gradient they hold), so a frozen layer costs no backward work and an
    /// unfrozen one never applies a stale gradient.
    /// </summary>
    public bool Trainable
    {
        get => _trainable;
        set
        {
            _trainable = value;
            foreach (var variable in _variables)
            {
                variable.Value.requires_grad = variable.Trainable;
                if (!variable.Trainable) variable.Value.grad = null;
            }
        }
    }

    private bool _trainable;

    public string Dtype { get; }

    /// <summary>The shape given by <c>input_shape</c> (with a <c>None</c> batch axis) or <c>batch_input_shape</c>.</summary>
    public Shape? BatchInputShape { get; }

    public bool Built { get; private set; }

    /// <summary>The input shape the layer was built for, batch axis included.</summary>
    public Shape? InputShape { get; private set; }

    /// <summary>The output shape for <see cref="InputShape"/>, batch axis included.</summary>
    public Shape? OutputShape { get; private set; }

    protected InputSpec? InputSpec { get; set; }

    /// <summary>Keras's <c>layer.weights</c>: trainable weights first, then the others.</summary>
    public virtual IReadOnlyList<KerasVariable> Weights => TrainableWeights.Concat(NonTrainableWeights).ToList();
    public virtual IReadOnlyList<KerasVariable> TrainableWeights => _variables.Where(v => v.Trainable).ToList();
    public virtual IReadOnlyList<KerasVariable> NonTrainableWeights => _variables.Where(v => !v.Trainable).ToList();

    public long CountParams() => Weights.Sum(v => v.Size);

    /// <summary>
    /// Runs the layer: builds it for the input's shape on first use, checks the input against the layer's spec, then
    /// calls <see cref="Call"/>. <paramref name="training"/> selects training behaviour (dropout, batch statistics).
    /// </summary>
    public Tensor Apply(Tensor inputs, bool training = false)
    {
        var shape = new Shape(inputs.shape.Select((d, i) => i == 0 ? (int?)null : (int?)d).ToArray());
        if (!Built) EnsureBuilt(shape);
        InputSpec?.Check(this, shape);
        var outputs = Call(inputs, training);
        AfterCall(outputs);
        return outputs;
    }

    public override Tensor forward(Tensor input) => Apply(input, training);

    /// <summary>Builds the layer for an input shape (batch axis included), once.</summary>
    public void EnsureBuilt(Shape inputShape)
    {
        if (Built) return;
        InputSpec?.Check(this, inputShape);
        Build(inputShape);
        InputShape = inputShape;
        OutputShape = ComputeOutputShape(inputShape);
        Built = true;
    }

    /// <summary>Creates the weights for an input shape (batch axis included).</summary>
    protected virtual void Build(Shape input_shape) { }

    /// <summary>The computation; <paramref name="inputs"/> is never returned as is (return an alias at least).</summary>
    protected abstract Tensor Call(Tensor inputs, bool training);

    public virtual Shape ComputeOutputShape(Shape input_shape) => input_shape;

    /// <summary>Hook after <see cref="Call"/>, used for activity regularization.</summary>
    protected virtual void AfterCall(Tensor outputs) { }

    /// <summary>Keras's <c>add_weight</c>: a new weight in Keras layout on the model's device.</summary>
    protected KerasVariable AddWeight(string name, long[] shape, Initializer initializer,
                                      Regularizer? regularizer = null, bool trainable = true,
                                      Constraint? constraint = null)
    {
        var value = initializer.Generate(shape);
        var onDevice = value.to(KerasBackend.Device);
        if (!ReferenceEquals(onDevice, value)) value.Dispose();
        var parameter = new TorchSharp.Modules.Parameter(onDevice, requires_grad: trainable && Trainable);
        register_parameter(name, parameter);
        var variable = new KerasVariable(this, name, parameter, trainable, regularizer, constraint);
        _variables.Add(variable);
        return variable;
    }

    /// <summary>The weight penalties of this layer (<c>layer.losses</c> minus activity terms).</summary>
    internal IEnumerable<Tensor> WeightRegularizationLosses() =>
        _variables.Where(v => v.Regularizer is not null).Select(v => v.Regularizer!.Call(v.Value));

    /// <summary>Activity penalties recorded by calls since the last <see cref="TakeActivityLosses"/>.</summary>
    internal List<Tensor> TakeActivityLosses()
    {
        var losses = new List<Tensor>(_activityLosses);
        _activityLosses.Clear();
        return losses;
    }

    protected void AddActivityLoss(Tensor loss) => _activityLosses.Add(loss);

    /// <summary>Keras's <c>get_weights()</c>: CPU copies of <see cref="Weights"/>, in that order.</summary>
    public Tensor[] GetWeights()
    {
        using var noGrad = torch.no_grad();
        return Weights.Select(v => v.Value.detach().cpu().clone()).ToArray();
    }

    /// <summary>Keras's <c>set_weights(weights)</c>, with its shape checks; nothing changes unless all fit.</summary>
    public void SetWeights(IReadOnlyList<Tensor> weights)
    {
        var own = Weights;
        if (weights.Count != own.Count)
            throw new ArgumentException($"You called `set_weights(weights)` on layer \"{Name}\" with a weight list of length {weights.Count}, but the layer was expecting {own.Count} weights.", nameof(weights));
        for (int i = 0; i < own.Count; i++)
            if (!own[i].Shape.SequenceEqual(weights[i].shape))
                throw new ArgumentException($"Layer weight shape {ShapeText(own[i].Shape)} not compatible with provided weight shape {ShapeText(weights[i].shape)} (layer \"{Name}\", weight {own[i].Name}).", nameof(weights));
        for (int i = 0; i < own.Count; i++) own[i].Assign(weights[i]);
    }

    internal static string ShapeText(long[] shape) => new Shape(shape.Select(d => (int?)d).ToArray()).ToString();

    public override string ToString() => $"{Name} ({GetType().Name})";
}
