using System;
using System.Collections.Generic;
using System.Linq;
using KerasSharp.Saving;
using static TorchSharp.torch;

namespace KerasSharp.Layers;

/// <summary>
/// <c>keras.layers.Bidirectional(layer, merge_mode='concat')</c>: runs a copy of a recurrent layer forward and another
/// backward (its config with <c>go_backwards</c> flipped), named <c>forward_…</c> and <c>backward_…</c> as Keras names
/// them, and merges their outputs: concat (last axis), sum, mul, ave, or null for both as two outputs. With
/// return_sequences the backward outputs are put back in time order first. Weights: the forward layer's, then the
/// backward layer's, named in this layer's scope (<c>bidirectional_1/forward_lstm_1/kernel:0</c>).
/// </summary>
[KerasLayer("Bidirectional")]
public sealed class Bidirectional : Wrapper
{
    private static readonly string?[] MergeModes = { "sum", "mul", "ave", "concat", null };

    public Bidirectional(Layer layer, string? merge_mode = "concat", Shape? input_shape = null,
                         Shape? batch_input_shape = null, string? name = null, bool trainable = true, string? dtype = null)
        : base(layer, name, trainable, input_shape, batch_input_shape, dtype)
    {
        if (layer is not RNN rnn)
            throw new ArgumentException($"Bidirectional wraps a recurrent layer (SimpleRNN, LSTM, GRU, ConvLSTM2D). Received: layer={layer}", nameof(layer));
        if (!MergeModes.Contains(merge_mode))
            throw new ArgumentException($"Invalid merge mode. Merge mode should be one of {{\"sum\", \"mul\", \"ave\", \"concat\", None}}. Received: merge_mode='{merge_mode}'", nameof(merge_mode));
        MergeMode = merge_mode;
        ForwardLayer = Copy(rnn, "forward_", rnn.GoBackwards);
        BackwardLayer = Copy(rnn, "backward_", !rnn.GoBackwards);
        SupportsMasking = true;
    }

    /// <summary>How the two directions' outputs combine; null gives both.</summary>
    public string? MergeMode { get; }

    public RNN ForwardLayer { get; }
    public RNN BackwardLayer { get; }

    private bool ReturnSequences => ForwardLayer.ReturnSequences;
    private bool ReturnState => ForwardLayer.ReturnState;

    /// <summary>A new layer from <paramref name="rnn"/>'s config, renamed and reading in the given direction (Keras's copy and from_config).</summary>
    private static RNN Copy(RNN rnn, string prefix, bool goBackwards)
    {
        var config = KerasConfig.LayerConfig(rnn, rnn.BatchInputShape);
        config["name"] = prefix + rnn.Name;
        config["go_backwards"] = goBackwards;
        return (RNN)KerasConfig.Create(rnn.GetType(), config, $"layer '{prefix + rnn.Name}' ({KerasConfig.ClassName(rnn)})");
    }

    public override IReadOnlyList<KerasVariable> Weights => TrainableWeights.Concat(NonTrainableWeights).ToList();
    public override IReadOnlyList<KerasVariable> TrainableWeights =>
        Trainable ? ForwardLayer.TrainableWeights.Concat(BackwardLayer.TrainableWeights).ToList() : Array.Empty<KerasVariable>();
    public override IReadOnlyList<KerasVariable> NonTrainableWeights =>
        ForwardLayer.Weights.Concat(BackwardLayer.Weights).Except(TrainableWeights).ToList();

    internal override IEnumerable<Tensor> WeightRegularizationLosses() =>
        ForwardLayer.WeightRegularizationLosses().Concat(BackwardLayer.WeightRegularizationLosses());

    internal override IEnumerable<Layer> UpdatingLayers() =>
        Trainable ? ForwardLayer.UpdatingLayers().Concat(BackwardLayer.UpdatingLayers()) : Array.Empty<Layer>();

    internal override List<Tensor> TakeActivityLosses() =>
        ForwardLayer.TakeActivityLosses().Concat(BackwardLayer.TakeActivityLosses()).ToList();

    /// <summary>Keras's <c>Bidirectional(...)(x, initial_state=[...])</c>: the forward layer's states, then the backward layer's.</summary>
    public KerasTensor Apply(KerasTensor inputs, KerasTensorList initial_state, bool? training = null) =>
        Apply(new KerasTensorList(initial_state.Prepend(inputs)), training);

    protected override void Build(Shape input_shape) => Build(new[] { input_shape });

    protected override void Build(IReadOnlyList<Shape> input_shapes)
    {
        var (forward, backward) = Split(input_shapes);
        BuildWrapped(ForwardLayer, forward, $"{Name}/{ForwardLayer.Name}");
        BuildWrapped(BackwardLayer, backward, $"{Name}/{BackwardLayer.Name}");
    }

    /// <summary>The inputs of each direction: the sequence, then half of the initial states each.</summary>
    private (T[] Forward, T[] Backward) Split<T>(IReadOnlyList<T> inputs)
    {
        var states = inputs.Count - 1;
        if (states % 2 != 0)
            throw new KerasException($"When passing `initial_state` to a Bidirectional RNN, the state should be a list containing the states of the underlying RNNs. Found: {states} states (layer {Name}).");
        return (inputs.Take(1 + states / 2).ToArray(), inputs.Take(1).Concat(inputs.Skip(1 + states / 2)).ToArray());
    }

    public override IReadOnlyList<Shape> ComputeOutputShapes(IReadOnlyList<Shape> input_shapes)
    {
        var forward = ForwardLayer.ComputeOutputShapes(new[] { input_shapes[0] });
        var output = forward[0];
        var merged = MergeMode switch
        {
            "concat" => new[] { output.Replace(-1, output[-1] * 2) },
            null => new[] { output, output },
            _ => new[] { output },
        };
        return ReturnState ? merged.Concat(forward.Skip(1)).Concat(forward.Skip(1)).ToArray() : merged;
    }

    public override Shape ComputeOutputShape(Shape input_shape) => ComputeOutputShapes(new[] { input_shape })[0];

    protected override Tensor[] Call(Tensor[] inputs, Tensor?[] masks, bool training)
    {
        var (forwardInputs, backwardInputs) = Split(inputs);
        var (forwardMasks, backwardMasks) = Split(masks);
        var y = ForwardLayer.CallMasked(forwardInputs, forwardMasks, training).Outputs;
        var yRev = BackwardLayer.CallMasked(backwardInputs, backwardMasks, training).Outputs;
        var (a, b) = (y[0], ReturnSequences ? yRev[0].flip(1) : yRev[0]);
        var merged = MergeMode switch
        {
            "concat" => new[] { cat(new[] { a, b }, -1) },
            "sum" => new[] { a + b },
            "ave" => new[] { (a + b) / 2 },
            "mul" => new[] { a * b },
            _ => new[] { a, b },
        };
        return ReturnState ? merged.Concat(y.Skip(1)).Concat(yRev.Skip(1)).ToArray() : merged;
    }

    /// <summary>Keras's compute_mask: the input mask on each merged sequence output, none on states or a last output.</summary>
    private protected override Tensor?[] ComputeMasks(Tensor[] inputs, Tensor?[] masks, int outputCount)
    {
        var result = new Tensor?[outputCount];
        if (ReturnSequences)
            for (int i = 0; i < (MergeMode is null ? 2 : 1); i++) result[i] = masks[0];
        return result;
    }

    private protected override bool[] OutputMasks(bool[] inputMasks, int outputCount)
    {
        var result = new bool[outputCount];
        if (ReturnSequences && inputMasks[0])
            for (int i = 0; i < (MergeMode is null ? 2 : 1); i++) result[i] = true;
        return result;
    }

    /// <summary>Keras's <c>reset_states()</c>: both directions' (stateful layers only).</summary>
    public void ResetStates()
    {
        ForwardLayer.ResetStates();
        BackwardLayer.ResetStates();
    }
}
