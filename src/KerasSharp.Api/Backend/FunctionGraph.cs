using System;
using System.Collections.Generic;
using System.Linq;
using KerasSharp.Layers;
using static TorchSharp.torch;

namespace KerasSharp.Backend;

/// <summary>
/// The computation behind a <see cref="KerasFunction"/>: the graph between its inputs and outputs, run on real
/// tensors in the mode the learning phase gives. When the outputs hold gradients, the run records for autograd (the
/// inputs become leaves that require a gradient; trainable weights always do).
/// </summary>
internal sealed class FunctionGraph
{
    private readonly Graph _graph;
    private readonly int _phase;
    private readonly bool _differentiates;

    public FunctionGraph(KerasTensorList inputs, KerasTensorList outputs)
    {
        if (inputs.Count == 0) throw new ArgumentException("K.function needs at least one input tensor.", nameof(inputs));
        if (outputs.Count == 0) throw new ArgumentException("K.function needs at least one output tensor.", nameof(outputs));
        for (int i = 0; i < inputs.Count; i++)
            if (inputs[i].Layer is not InputLayer)
                throw new ArgumentException($"K.function: inputs[{i}] ({inputs[i]}) is not an input: its inputs are tensors made by Input(...) or K.LearningPhase().", nameof(inputs));
        _graph = new Graph(inputs, outputs);
        _phase = inputs.ToList().FindIndex(KerasBackend.IsLearningPhase);
        _differentiates = _graph.Nodes.Any(n => n.Layer is GradientLayer);
    }

    public Tensor[] Call(IReadOnlyList<Tensor> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var expected = _graph.Inputs;
        if (inputs.Count != expected.Count)
            throw new ArgumentException($"This function takes {expected.Count} input tensors ([{string.Join(", ", expected.Select(t => t.Layer.Name))}]) but received {inputs.Count}.", nameof(inputs));
        var training = _phase >= 0 && Phase(inputs[_phase]);
        using var scope = NewDisposeScope();
        using IDisposable mode = _differentiates ? enable_grad() : no_grad();
        var fed = new Tensor[inputs.Count];
        for (int i = 0; i < inputs.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(inputs[i], $"{nameof(inputs)}[{i}]");
            if (i != _phase) CheckFeed(expected[i], inputs[i], i);
            // A new handle (and, to differentiate by it, a leaf of its own): the caller's tensor is never changed.
            fed[i] = inputs[i].to(float32, KerasBackend.Device).detach();
            if (_differentiates && i != _phase) fed[i].requires_grad_(true);
        }
        try
        {
            return _graph.Run(fed, training).Select(o => o.detach().cpu().MoveToOuterDisposeScope()).ToArray();
        }
        finally
        {
            // Activity penalties are collected by training steps only.
            foreach (var layer in _graph.Layers) layer.TakeActivityLosses();
        }
    }

    /// <summary>The learning phase fed: 0 (test) or 1 (train).</summary>
    private static bool Phase(Tensor value)
    {
        ArgumentNullException.ThrowIfNull(value, "inputs");
        var phase = value.numel() == 1 ? value.to_type(float64).cpu().item<double>() : double.NaN;
        return phase is 0 or 1 ? phase == 1
            : throw new ArgumentException(FormattableString.Invariant($"The learning phase (K.LearningPhase()) must be fed 0 or 1; received a tensor of shape {Layer.ShapeText(value.shape)}{(value.numel() == 1 ? FormattableString.Invariant($" holding {phase}") : "")}."), "inputs");
    }

    /// <summary>TensorFlow's feed check: the rank and every known size of the input.</summary>
    private static void CheckFeed(KerasTensor input, Tensor value, int index)
    {
        var shape = input.Shape;
        if (value.dim() != shape.Rank || Enumerable.Range(0, shape.Rank).Any(d => shape[d] is int size && size != value.shape[d]))
            throw new ArgumentException($"Cannot feed a tensor of shape {Layer.ShapeText(value.shape)} as inputs[{index}] ('{input.Layer.Name}'), which has shape {shape}.", "inputs");
    }
}
