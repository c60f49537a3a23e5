using System;
using System.Collections.Generic;
using System.Linq;
using KerasSharp.Activations;
using KerasSharp.Backend;
using KerasSharp.Constraints;
using KerasSharp.Initializers;
using KerasSharp.Regularizers;
using KerasSharp.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasSharp.Layers;

/// <summary>
/// The base of Keras 2.2.4's recurrent layers (<c>keras.layers.RNN</c> with the built-in cells): a cell of
/// <c>kernel</c> (input, gates·units), <c>recurrent_kernel</c> (units, gates·units) and <c>bias</c>, run over the time
/// axis of a (batch, timesteps, features) input as Keras's <c>K.rnn</c> runs it. What it shares: <c>return_sequences</c>,
/// <c>return_state</c> (outputs <c>[output, states...]</c>), <c>go_backwards</c> (the sequence read from its end, the
/// outputs in reading order), <c>stateful</c> (the last states start the next batch; <see cref="ResetStates"/>), input
/// masks (a masked step keeps the previous output and states), input and recurrent dropout (masks drawn once per call
/// and kept over the time steps, one per gate: <c>implementation=1</c>), and initial states given as further inputs
/// (<c>initial_state</c>), which a symbolic call records as inputs of its node. Subclasses give the cell's step.
/// A backward copy for a bidirectional wrapper is the same config with <c>go_backwards</c> flipped.
/// The dense cells take (batch, timesteps, features) and keep (batch, units) states; a convolutional cell
/// (<see cref="ConvLSTM2D"/>) overrides the shapes, the weights' layout and the input projection.
/// </summary>
public abstract class RNN : Layer
{
    private KerasVariable? _kernel;
    private KerasVariable? _recurrentKernel;
    private KerasVariable? _bias;
    private Tensor[]? _states;
    private Shape? _statefulShape;
    private FusedRecurrent? _fused;

    private protected RNN(int units, string? activation, bool use_bias, Initializer? kernel_initializer,
                          Initializer? recurrent_initializer, Initializer? bias_initializer,
                          Regularizer? kernel_regularizer, Regularizer? recurrent_regularizer,
                          Regularizer? bias_regularizer, Regularizer? activity_regularizer,
                          Constraint? kernel_constraint, Constraint? recurrent_constraint, Constraint? bias_constraint,
                          double dropout, double recurrent_dropout, bool return_sequences, bool return_state,
                          bool go_backwards, bool stateful, bool unroll, Shape? input_shape, Shape? batch_input_shape,
                          string? name, bool trainable, string? dtype, int inputRank = 3)
        : base(name, trainable, input_shape, batch_input_shape, dtype)
    {
        Units = ArgumentValidation.Positive(nameof(units), units);
        Activation = ActivationFunction.Get(activation);
        UseBias = use_bias;
        KernelInitializer = kernel_initializer ?? new GlorotUniform();
        RecurrentInitializer = recurrent_initializer ?? new Orthogonal();
        BiasInitializer = bias_initializer ?? new Zeros();
        KernelRegularizer = kernel_regularizer;
        RecurrentRegularizer = recurrent_regularizer;
        BiasRegularizer = bias_regularizer;
        ActivityRegularizer = activity_regularizer;
        KernelConstraint = kernel_constraint;
        RecurrentConstraint = recurrent_constraint;
        BiasConstraint = bias_constraint;
        Dropout = ArgumentValidation.InRange(nameof(dropout), dropout, 0, 1);
        RecurrentDropout = ArgumentValidation.InRange(nameof(recurrent_dropout), recurrent_dropout, 0, 1);
        ReturnSequences = return_sequences;
        ReturnState = return_state;
        GoBackwards = go_backwards;
        Stateful = stateful;
        Unroll = unroll;
        SupportsMasking = true;
        InputRank = inputRank;
        InputSpec = new InputSpec { Ndim = inputRank };
    }

    /// <summary>The rank of the sequence input: 3 (batch, timesteps, features), or 5 for a 2D convolutional cell.</summary>
    private int InputRank { get; }

    public int Units { get; }
    public ActivationFunction Activation { get; }
    public bool UseBias { get; }
    public Initializer KernelInitializer { get; }
    public Initializer RecurrentInitializer { get; }
    public Initializer BiasInitializer { get; }
    public Regularizer? KernelRegularizer { get; }
    public Regularizer? RecurrentRegularizer { get; }
    public Regularizer? BiasRegularizer { get; }
    public Regularizer? ActivityRegularizer { get; }
    public Constraint? KernelConstraint { get; }
    public Constraint? RecurrentConstraint { get; }
    public Constraint? BiasConstraint { get; }
    public double Dropout { get; }
    public double RecurrentDropout { get; }
    public bool ReturnSequences { get; }
    public bool ReturnState { get; }
    public bool GoBackwards { get; }
    public bool Stateful { get; }

    /// <summary>Accepted for Keras configs; the loop is the same either way.</summary>
    public bool Unroll { get; }

    public KerasVariable Kernel => _kernel ?? throw NotBuilt();
    public KerasVariable RecurrentKernel => _recurrentKernel ?? throw NotBuilt();
    public KerasVariable? Bias => _bias;

    /// <summary>The number of gates, the blocks of <c>units</c> columns of the kernels: 1, 3 (GRU: z, r, h) or 4 (LSTM: i, f, c, o).</summary>
    private protected abstract int Gates { get; }

    /// <summary>The number of states: 1 (h), or 2 for an LSTM (h, c).</summary>
    private protected virtual int StateCount => 1;

    /// <summary>Which dropout mask a gate's input and recurrent contributions take (implementation 1: its own; 2: the first).</summary>
    private protected virtual int MaskIndex(int gate) => gate;

    private protected virtual long[] BiasShape => new long[] { Gates * Units };

    /// <summary>The axis of the sequence input's features (channels).</summary>
    private protected virtual int ChannelAxis => -1;

    /// <summary>The kernel's shape for inputs of <paramref name="inputDim"/> features: (input, gates·units).</summary>
    private protected virtual long[] KernelShape(int inputDim) => new long[] { inputDim, Gates * Units };

    /// <summary>The recurrent kernel's shape: (units, gates·units).</summary>
    private protected virtual long[] RecurrentKernelShape => new long[] { Units, Gates * Units };

    /// <summary>The shape of each state (and of a step's output) for a sequence input of the given shape: (batch, units).</summary>
    private protected virtual Shape StateShape(Shape input_shape) => new(input_shape[0], Units);

    /// <summary>The bias added to the input projections: the whole bias, or the input row of a GRU's (2, 3·units) bias.</summary>
    private protected virtual Tensor? InputBias => _bias?.Value;

    /// <summary>Fills a new bias (an LSTM's unit_forget_bias).</summary>
    private protected virtual void InitializeBias(KerasVariable bias) { }

    /// <summary>
    /// One time step: the new states (the first is the step's output) from the step's input projections
    /// (batch, gates·units, input bias included), the previous states and the recurrent dropout masks (one per gate).
    /// </summary>
    private protected abstract Tensor[] Step(Tensor projected, Tensor[] states, Tensor[]? recurrentMasks);

    protected override void Build(Shape input_shape)
    {
        var inputDim = input_shape[ChannelAxis] ?? throw new KerasException($"The {(ChannelAxis == -1 ? "last" : "channel")} dimension of the inputs to `{GetType().Name}` should be defined. Found `None`. (layer {Name}, input shape {input_shape})");
        _kernel = AddWeight("kernel", KernelShape(inputDim), KernelInitializer, KernelRegularizer, constraint: KernelConstraint);
        _recurrentKernel = AddWeight("recurrent_kernel", RecurrentKernelShape, RecurrentInitializer, RecurrentRegularizer, constraint: RecurrentConstraint);
        if (UseBias)
        {
            _bias = AddWeight("bias", BiasShape, BiasInitializer, BiasRegularizer, constraint: BiasConstraint);
            InitializeBias(_bias);
        }
        InputSpec = new InputSpec { Ndim = InputRank, Axes = new Dictionary<int, int> { [ChannelAxis] = inputDim } };
        if (Stateful)
        {
            _statefulShape = StateShape(input_shape).Replace(0, input_shape[0] ?? BatchInputShape?[0]);
            ResetStates();
        }
    }

    /// <summary>Built with initial states as further inputs: checked, then built for the sequence input.</summary>
    protected override void Build(IReadOnlyList<Shape> input_shapes)
    {
        CheckInitialStateShapes(input_shapes);
        Build(input_shapes[0]);
    }

    private protected override (IReadOnlyList<Shape> Shapes, IReadOnlyList<string>? Dtypes) ComputeOutputSignature(IReadOnlyList<KerasTensor> inputs)
    {
        var shapes = inputs.Select(t => t.Shape).ToList();
        CheckInitialStateShapes(shapes);
        EnsureBuilt(shapes);
        InputSpec?.Check(this, shapes[0]);
        return (ComputeOutputShapes(shapes), null);
    }

    private void CheckInitialStateShapes(IReadOnlyList<Shape> shapes)
    {
        if (shapes.Count == 1) return;
        if (shapes.Count - 1 != StateCount)
            throw new KerasException($"Layer {Name} has {StateCount} states but was passed {shapes.Count - 1} initial states.");
        var expected = StateShape(shapes[0]);
        if (shapes.Skip(1).Any(s => s.Rank != expected.Rank || Enumerable.Range(1, s.Rank - 1).Any(i => s[i] is int size && expected[i] is int want && size != want)))
            throw new KerasException($"An `initial_state` was passed that is not compatible with `cell.state_size`. Received `state_spec`=[{string.Join(", ", shapes.Skip(1))}]; however `cell.state_size` is {StateSizeText} (layer {Name}).");
    }

    private string StateSizeText => StateCount == 1 ? $"{Units}" : $"({string.Join(", ", Enumerable.Repeat(Units, StateCount))})";

    public override IReadOnlyList<Shape> ComputeOutputShapes(IReadOnlyList<Shape> input_shapes)
    {
        var input = input_shapes[0];
        var state = StateShape(input);
        var output = ReturnSequences ? new Shape(state.Dims.Take(1).Append(input[1]).Concat(state.Dims.Skip(1)).ToArray()) : state;
        if (!ReturnState) return new[] { output };
        return Enumerable.Repeat(state, StateCount).Prepend(output).ToArray();
    }

    public override Shape ComputeOutputShape(Shape input_shape) => ComputeOutputShapes(new[] { input_shape })[0];

    /// <summary>Keras's RNN.compute_mask: the input mask goes on with the sequence (return_sequences), never with the states.</summary>
    private protected override Tensor?[] ComputeMasks(Tensor[] inputs, Tensor?[] masks, int outputCount)
    {
        var result = new Tensor?[outputCount];
        if (ReturnSequences) result[0] = masks[0];
        return result;
    }

    private protected override bool[] OutputMasks(bool[] inputMasks, int outputCount)
    {
        var result = new bool[outputCount];
        result[0] = ReturnSequences && inputMasks[0];
        return result;
    }

    /// <summary>
    /// Keras's <c>layer(inputs, initial_state=[h, c])</c> on symbolic tensors: the states become further inputs of the
    /// call's node (so the graph and its JSON hold them). Returns the output, or <c>[output, states...]</c> packed.
    /// </summary>
    public KerasTensor Apply(KerasTensor inputs, KerasTensorList initial_state, bool? training = null) =>
        Apply(new KerasTensorList(initial_state.Prepend(inputs)), training);

    /// <summary>The layer on a real sequence from given initial states; its one output (see <see cref="ApplyAll(Tensor, IReadOnlyList{Tensor}, bool)"/> for all).</summary>
    public Tensor Apply(Tensor inputs, IReadOnlyList<Tensor> initial_state, bool training = false) =>
        Apply(initial_state.Prepend(inputs).ToList(), training);

    /// <summary>Every output (<c>[output, states...]</c> with return_state) on a real sequence from given initial states.</summary>
    public Tensor[] ApplyAll(Tensor inputs, IReadOnlyList<Tensor> initial_state, bool training = false) =>
        ApplyAll(initial_state.Prepend(inputs).ToList(), training);

    protected override Tensor[] Call(Tensor[] inputs, Tensor?[] masks, bool training)
    {
        var x = inputs[0];
        if (x.shape[1] == 0) throw new KerasException($"Layer {Name} received a sequence of 0 timesteps (input shape {ShapeText(x.shape)}).");
        var stateShape = StateShape(x.shape).ToLongArray();
        var initial = inputs.Length > 1 ? InitialStates(inputs[1..], stateShape) : Stateful ? CurrentStates(stateShape) : ZeroStates(stateShape, x.device);
        var (output, states) = RunsFused(masks[0], training) ? Fused(x, training, initial) : Loop(x, masks[0], initial, training);
        if (Stateful) KeepStates(states);
        return ReturnState ? states.Prepend(output).ToArray() : new[] { output };
    }

    private Tensor[] InitialStates(Tensor[] states, long[] shape)
    {
        if (states.Length != StateCount)
            throw new KerasException($"Layer {Name} has {StateCount} states but was passed {states.Length} initial states.");
        for (int i = 0; i < states.Length; i++)
            if (!states[i].shape.SequenceEqual(shape))
                throw new KerasException($"Layer {Name}: initial state {i} should have shape {ShapeText(shape)} for a batch of {shape[0]}, but has shape {ShapeText(states[i].shape)}.");
        return states;
    }

    private Tensor[] ZeroStates(long[] shape, Device device) =>
        Enumerable.Range(0, StateCount).Select(_ => torch.zeros(shape, dtype: ScalarType.Float32, device: device)).ToArray();

    /// <summary>
    /// Whether libtorch's fused kernel computes this configuration exactly: tanh, sigmoid gates, a GRU's reset_after
    /// form (see <see cref="RunsFused"/> for when such a layer takes it).
    /// </summary>
    private protected virtual bool Fusable => false;

    /// <summary>
    /// Whether this call runs libtorch's fused kernel (<see cref="FusedRecurrent"/>): a fusable cell without an input
    /// mask or recurrent dropout, and in training with no input dropout or one mask for every gate (implementation 2,
    /// a SimpleRNN), which is applied to the inputs first. Gradients reach the Keras weights only inside a training step
    /// (<see cref="FusedGradients"/>); any other call with gradients runs the loop, as do hard_sigmoid,
    /// masks, recurrent dropout and a GRU's reset_after=False. Both give the same numbers within float32 rounding.
    /// </summary>
    private bool RunsFused(Tensor? mask, bool training) =>
        mask is null && Fusable && (!torch.is_grad_enabled() || FusedGradients.Active)
        && (!training || RecurrentDropout == 0 && (Dropout == 0 || Enumerable.Range(0, Gates).All(g => MaskIndex(g) == 0)));

    private (Tensor Output, Tensor[] States) Fused(Tensor x, bool training, Tensor[] initial)
    {
        if (_fused is null || _fused.Device != x.device)
        {
            _fused?.Dispose();
            _fused = new FusedRecurrent(Gates, Units, Kernel, RecurrentKernel, Bias, x.device);
        }
        // The loop's draw (one mask per gate, the same random stream), of which the single shared mask is used.
        if (training && Dropout > 0)
        {
            var stepShape = x.shape.Where((_, axis) => axis != 1).ToArray();
            x = x * DropoutMasks(stepShape, Dropout, x.device)[0].unsqueeze(1);
        }
        return _fused.Run(x, initial, GoBackwards, ReturnSequences);
    }

    /// <summary>The run over the time axis (Keras's K.rnn with its masking rule): the output (sequence or last) and the last states.</summary>
    private (Tensor Output, Tensor[] States) Loop(Tensor x, Tensor? mask, Tensor[] states, bool training)
    {
        var steps = x.shape[1];
        var stepShape = x.shape.Where((_, axis) => axis != 1).ToArray();
        var dropoutMasks = training && Dropout > 0 ? DropoutMasks(stepShape, Dropout, x.device) : null;
        var recurrentMasks = training && RecurrentDropout > 0 ? DropoutMasks(states[0].shape, RecurrentDropout, x.device) : null;
        var projected = ProjectInputs(x, dropoutMasks);
        var keep = mask is null ? null : Keep(mask, x).to(x.device);
        var outputs = ReturnSequences ? new List<Tensor>((int)steps) : null;
        for (long k = 0; k < steps; k++)
        {
            var t = GoBackwards ? steps - 1 - k : k;
            var next = Step(projected.select(1, t), states, recurrentMasks);
            if (keep is not null)
            {
                var kept = keep.select(1, t);
                for (int i = 0; i < next.Length; i++) next[i] = torch.where(kept, next[i], states[i]);
            }
            states = next;
            outputs?.Add(states[0]);
        }
        return (outputs is null ? states[0] : torch.stack(outputs, 1), states);
    }

    /// <summary>
    /// A (batch, timesteps) mask as booleans shaped to broadcast over the states, (batch, timesteps, 1...); a mask
    /// of any other shape (a Masking layer's on image sequences) is refused, as Keras's K.rnn cannot apply it either.
    /// </summary>
    private Tensor Keep(Tensor mask, Tensor x)
    {
        if (mask.dim() != 2 || mask.shape[0] != x.shape[0] || mask.shape[1] != x.shape[1])
            throw new KerasException($"Layer {Name} takes a mask of shape (batch, timesteps) = ({x.shape[0]}, {x.shape[1]}), but received a mask of shape {ShapeText(mask.shape)}.");
        var keep = mask.to_type(ScalarType.Bool);
        for (int i = 2; i < InputRank - 1; i++) keep = keep.unsqueeze(-1);
        return keep.unsqueeze(-1);
    }

    /// <summary>Keras's <c>_generate_dropout_mask</c>: one inverted-dropout mask per gate of the given shape, drawn once for the whole sequence.</summary>
    private Tensor[] DropoutMasks(long[] shape, double rate, Device device) =>
        Enumerable.Range(0, Gates).Select(_ =>
        {
            var mask = torch.empty(shape, dtype: ScalarType.Float32, device: device);
            using (torch.no_grad()) mask.bernoulli_(1 - rate).div_(1 - rate);
            return mask;
        }).ToArray();

    /// <summary>Every step's input contributions at once, (batch, timesteps, gates·units): each gate's kernel block on the input under its dropout mask, plus the input bias.</summary>
    private protected virtual Tensor ProjectInputs(Tensor x, Tensor[]? dropoutMasks)
    {
        Tensor projected;
        if (dropoutMasks is null)
        {
            projected = x.matmul(Kernel.Value);
        }
        else
        {
            var blocks = Enumerable.Range(0, Gates).Select(g =>
                (x * dropoutMasks[MaskIndex(g)].unsqueeze(1)).matmul(Kernel.Value.narrow(1, g * Units, Units))).ToArray();
            projected = torch.cat(blocks, -1);
        }
        return InputBias is { } bias ? projected + bias : projected;
    }

    /// <summary>A gate's block of the recurrent kernel, (units, units).</summary>
    private protected Tensor RecurrentBlock(int gate, int count = 1) => RecurrentKernel.Value.narrow(1, gate * Units, count * Units);

    /// <summary>The previous output under a gate's recurrent dropout mask.</summary>
    private protected Tensor Dropped(Tensor h, Tensor[]? recurrentMasks, int gate) => recurrentMasks is null ? h : h * recurrentMasks[MaskIndex(gate)];

    protected override void AfterCall(Tensor outputs)
    {
        if (ActivityRegularizer is not null) AddActivityLoss(ActivityRegularizer.Call(outputs));
    }

    /// <summary>
    /// Keras's <c>layer.states</c> for a stateful layer: copies of the current states (h, and c for an LSTM), or null
    /// before the layer is built.
    /// </summary>
    public Tensor[]? States
    {
        get
        {
            using var noGrad = torch.no_grad();
            return _states?.Select(s => s.detach().cpu().clone()).ToArray();
        }
    }

    /// <summary>
    /// Keras's <c>reset_states(states=None)</c> for a stateful layer: zeros, or the given values, each of the state's
    /// shape ((batch, units) for the dense cells) for the layer's fixed batch size.
    /// </summary>
    public void ResetStates(IReadOnlyList<Tensor>? states = null)
    {
        if (!Stateful) throw new KerasException($"Layer {Name} must be stateful to reset its states (stateful=True).");
        if (_statefulShape is null || !_statefulShape.IsFullyDefined())
            throw new KerasException($"If a RNN is stateful, it needs to know its batch size (layer {Name}). Specify the batch size of your input tensors: \n- If using a Sequential model, specify the batch size by passing a `batch_input_shape` argument to your first layer.\n- If using the functional API, specify the batch size by passing a `batch_shape` argument to your Input layer.{(InputRank > 3 ? "\nThe same thing goes for the number of rows and columns." : "")}");
        var shape = _statefulShape.ToLongArray();
        Tensor[] values;
        if (states is null)
        {
            values = Enumerable.Range(0, StateCount).Select(_ => torch.zeros(shape, dtype: ScalarType.Float32)).ToArray();
        }
        else
        {
            if (states.Count != StateCount)
                throw new ArgumentException($"Layer {Name} expects {StateCount} states, but it received {states.Count} state values.", nameof(states));
            for (int i = 0; i < states.Count; i++)
                if (!states[i].shape.SequenceEqual(shape))
                    throw new ArgumentException($"State {i} is incompatible with layer {Name}: expected shape={ShapeText(shape)}, found shape={ShapeText(states[i].shape)}", nameof(states));
            values = states.Select(s => s.to_type(ScalarType.Float32)).ToArray();
        }
        KeepStates(values);
    }

    private Tensor[] CurrentStates(long[] shape)
    {
        if (_states is null || shape[0] != _states[0].shape[0])
            throw new KerasException($"Layer {Name} is stateful with a batch size of {_statefulShape?[0]}, but it received a batch of {shape[0]} samples. A stateful layer takes batches of its fixed size (batch_input_shape); drop the last partial batch.");
        if (!shape.SequenceEqual(_states[0].shape))
            throw new KerasException($"Layer {Name} is stateful with states of shape {ShapeText(_states[0].shape)}, but its input needs states of shape {ShapeText(shape)}. A stateful layer takes inputs of its fixed shape (batch_input_shape).");
        return _states;
    }

    /// <summary>Keeps the last states for the next call: detached (each batch's graph ends there), outside any dispose scope.</summary>
    private void KeepStates(Tensor[] states)
    {
        using var noGrad = torch.no_grad();
        var kept = states.Select(s =>
        {
            var copy = s.detach().to(KerasBackend.Device).clone();
            copy.DetachFromDisposeScope();
            return copy;
        }).ToArray();
        if (_states is not null) foreach (var old in _states) old.Dispose();
        _states = kept;
    }

    private KerasException NotBuilt() => new($"Layer {Name} is not built yet.");
}
