using System;
using System.Collections.Generic;
using System.Linq;
using KerasSharp.Backend;
using KerasSharp.Layers;
using KerasSharp.Constraints;
using KerasSharp.Initializers;
using KerasSharp.Regularizers;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasSharp;

/// <summary>
/// The Keras layer contract over a TorchSharp module. A subclass validates and stores its arguments in the
/// constructor, creates its weights in <see cref="Build(Shape)"/> with <see cref="AddWeight"/> (Keras names, Keras
/// order, Keras layout), computes in <see cref="Call(Tensor, bool)"/> and reports its output shape in
/// <see cref="ComputeOutputShape"/>; a layer of several inputs or outputs (merge layers, models) overrides the list
/// forms instead. Tensors are in the layer's own <c>data_format</c> (channels_last by default); every layout
/// conversion for torch lives in <c>Backend/Nn.cs</c>.
/// <para>
/// <c>Apply</c> runs the layer on real tensors (eager) or, on <see cref="KerasTensor"/>s, records the call as a
/// <see cref="Node"/> of a graph: Keras's <c>x = Dense(64)(x)</c> is <c>x = new Dense(64).Apply(x)</c>.
/// </para>
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
        Trainable = trainable;
        // Computation is float32; a model input may be declared integer (token ids for an Embedding), as text models do.
        if (dtype is not null && dtype != KerasBackend.FloatXName && !(this is InputLayer && InputLayer.IntegerDtypes.Contains(dtype)))
            throw new ArgumentException($"Only dtype='float32' is supported{(this is InputLayer ? $" (or, for an input, one of {string.Join(", ", InputLayer.IntegerDtypes)})" : "")}. Received: dtype='{dtype}'", nameof(dtype));
        Dtype = dtype ?? KerasBackend.FloatXName;
        if (input_shape is not null && batch_input_shape is not null)
            throw new ArgumentException($"Pass either input_shape or batch_input_shape to layer {Name}, not both. Received: input_shape={input_shape}, batch_input_shape={batch_input_shape}", nameof(input_shape));
        BatchInputShape = batch_input_shape ?? input_shape?.WithBatch();
    }

    /// <summary>The layer's Keras name, e.g. <c>conv2d_1</c>; also its group name in weight files.</summary>
    public string Name { get; }

    /// <summary>
    /// Keras's <c>layer.trainable</c>: when false, all its weights are non-trainable. As in Keras 2, a compiled model
    /// trains the weights that were trainable when it was compiled: compile again after changing this.
    /// </summary>
    public bool Trainable { get; set; }

    public string Dtype { get; }

    /// <summary>The shape given by <c>input_shape</c> (with a <c>None</c> batch axis) or <c>batch_input_shape</c>.</summary>
    public Shape? BatchInputShape { get; }

    public bool Built { get; private set; }

    /// <summary>The input shape the layer was built for, batch axis included (the first, for a layer of several inputs).</summary>
    public Shape? InputShape => InputShapes?[0];

    /// <summary>The output shape for <see cref="InputShape"/>, batch axis included (the first, for several outputs).</summary>
    public Shape? OutputShape => OutputShapes?[0];

    /// <summary>Every input shape the layer was built for (Keras's <c>input_shape</c> as a list).</summary>
    public IReadOnlyList<Shape>? InputShapes { get; private protected set; }

    /// <summary>Every output shape for <see cref="InputShapes"/>.</summary>
    public IReadOnlyList<Shape>? OutputShapes { get; private protected set; }

    /// <summary>The layer's calls on symbolic tensors, in order (Keras's <c>_inbound_nodes</c>).</summary>
    internal List<Node> InboundNodesList { get; } = new();

    /// <summary>The calls that read this layer's outputs (Keras's <c>_outbound_nodes</c>).</summary>
    internal List<Node> OutboundNodesList { get; } = new();

    protected InputSpec? InputSpec { get; set; }

    /// <summary>Keras's <c>layer.weights</c>: trainable weights first, then the others.</summary>
    public virtual IReadOnlyList<KerasVariable> Weights => TrainableWeights.Concat(NonTrainableWeights).ToList();
    public virtual IReadOnlyList<KerasVariable> TrainableWeights => _variables.Where(v => v.Trainable).ToList();
    public virtual IReadOnlyList<KerasVariable> NonTrainableWeights => _variables.Where(v => !v.Trainable).ToList();

    public long CountParams() => Weights.Sum(v => v.Size);

    /// <summary>
    /// Runs the layer: builds it for the input's shape on first use, checks the input against the layer's spec, then
    /// calls <see cref="Call(Tensor, bool)"/>. <paramref name="training"/> selects training behaviour (dropout, batch statistics).
    /// A mask that an earlier call attached to <paramref name="inputs"/> (<see cref="GetMask"/>) is passed on, and the
    /// output carries the layer's output mask, as Keras's <c>_keras_mask</c>.
    /// </summary>
    public Tensor Apply(Tensor inputs, bool training = false) => Apply(inputs, GetMask(inputs), training);

    /// <summary>Keras's <c>layer(x, mask=mask)</c> on a real tensor: the call with an explicit input mask.</summary>
    public Tensor Apply(Tensor inputs, Tensor? mask, bool training = false) => Single(ApplyAll(new[] { inputs }, new[] { mask }, training));

    /// <summary>Runs a layer of several inputs (a merge layer) on real tensors; its single output.</summary>
    public Tensor Apply(IReadOnlyList<Tensor> inputs, bool training = false) => Single(ApplyAll(inputs, training));

    /// <summary>
    /// Runs the layer on real tensors and returns every output, as Keras's call returns a list: a recurrent layer with
    /// <c>return_state</c> gives <c>[output, state_h, state_c]</c>. Input masks attached to the tensors are used, and the
    /// output masks attached to the outputs.
    /// </summary>
    public Tensor[] ApplyAll(IReadOnlyList<Tensor> inputs, bool training = false) =>
        ApplyAll(inputs, inputs.Select(GetMask).ToArray(), training);

    private Tensor[] ApplyAll(IReadOnlyList<Tensor> inputs, Tensor?[] masks, bool training)
    {
        var (outputs, outputMasks) = CallMasked(inputs.ToArray(), masks, training);
        for (int i = 0; i < outputs.Length; i++) TensorMasks.Attach(outputs[i], outputMasks[i]);
        return outputs;
    }

    private Tensor Single(Tensor[] outputs) => outputs.Length == 1 ? outputs[0]
        : throw new KerasException($"Layer {Name} returns {outputs.Length} tensors; Apply returns one (ApplyAll returns them all).");

    /// <summary>
    /// The mask a layer call attached to <paramref name="tensor"/> (Keras's <c>tensor._keras_mask</c>): a bool tensor
    /// that is false at masked entries (an <c>Embedding(mask_zero: true)</c>'s zero indices), or null.
    /// </summary>
    public static Tensor? GetMask(Tensor tensor) => TensorMasks.Get(tensor);

    /// <summary>
    /// Calls the layer on a symbolic tensor (Keras's <c>layer(x)</c> in a graph): builds it for that shape if needed,
    /// checks the shape, and returns the symbolic output (several packed together, for a layer with several outputs).
    /// <paramref name="training"/> fixes the call's mode, as <c>layer(x, training=True)</c> does.
    /// </summary>
    public KerasTensor Apply(KerasTensor inputs, bool? training = null) => Apply((KerasTensorList)inputs, training);

    /// <summary>Calls a layer of several inputs on symbolic tensors: <c>Concatenate()([a, b])</c> is <c>new Concatenate().Apply([a, b])</c>.</summary>
    public KerasTensor Apply(KerasTensorList inputs, bool? training = null)
    {
        if (inputs.Count == 0) throw new ArgumentException($"Layer {Name} was called with no input tensors.", nameof(inputs));
        var (shapes, dtypes) = ComputeOutputSignature(inputs);
        var masked = OutputMasks(inputs.Select(t => t.HasMask).ToArray(), shapes.Count);
        var node = new Node(this, inputs, shapes, training, dtypes, masked);
        return KerasTensor.Pack(node.Outputs);
    }

    /// <summary>
    /// Builds the layer for symbolic inputs if needed, checks them, and gives the shapes and dtypes of its outputs:
    /// float32 unless the layer computes in other types (a backend function such as <c>K.argmax</c>).
    /// </summary>
    private protected virtual (IReadOnlyList<Shape> Shapes, IReadOnlyList<string>? Dtypes) ComputeOutputSignature(IReadOnlyList<KerasTensor> inputs)
    {
        var shapes = inputs.Select(t => t.Shape).ToList();
        EnsureBuilt(shapes);
        if (shapes.Count == 1) InputSpec?.Check(this, shapes[0]);
        return (ComputeOutputShapes(shapes), null);
    }

    public override Tensor forward(Tensor input) => Apply(input, training);

    /// <summary>
    /// The layer's output written over <paramref name="inputs"/>[0], as PyTorch's <c>inplace=True</c>: the graph
    /// runner calls it under no_grad when nothing else can see that tensor. Gives exactly what <c>Call</c> gives;
    /// null where the layer has no in-place form for these inputs.
    /// </summary>
    internal virtual Tensor? CallInPlace(Tensor[] inputs) => null;

    /// <summary>Whether the layer's outputs always own new storage (never a view of an input, a weight or a kept tensor).</summary>
    internal virtual bool FreshOutputs => false;

    /// <summary>The layer on real tensors, whatever the number of inputs and outputs (how a graph runs a node).</summary>
    internal Tensor[] CallAll(Tensor[] inputs, bool training) => CallMasked(inputs, new Tensor?[inputs.Length], training).Outputs;

    /// <summary>The layer on real tensors with their masks: its outputs and their masks (null where none).</summary>
    internal virtual (Tensor[] Outputs, Tensor?[] Masks) CallMasked(Tensor[] inputs, Tensor?[] masks, bool training)
    {
        // The batch axis is left unknown; a scalar (a backend function's K.mean of everything) has none.
        var shapes = inputs.Select(t => t.dim() == 0 ? new Shape() : ((Shape)t.shape).Replace(0, null)).ToList();
        if (!Built) EnsureBuilt(shapes);
        if (shapes.Count == 1) InputSpec?.Check(this, shapes[0]);
        var outputs = Call(inputs, masks, training);
        foreach (var output in outputs) AfterCall(output);
        return (outputs, ComputeMasks(inputs, masks, outputs.Length));
    }

    /// <summary>Builds the layer for an input shape (batch axis included), once.</summary>
    public void EnsureBuilt(Shape inputShape) => EnsureBuilt(new[] { inputShape });

    /// <summary>Builds the layer for its input shapes (batch axes included), once.</summary>
    public void EnsureBuilt(IReadOnlyList<Shape> inputShapes)
    {
        if (Built) return;
        if (inputShapes.Count == 1)
        {
            InputSpec?.Check(this, inputShapes[0]);
            Build(inputShapes[0]);
        }
        else
        {
            Build(inputShapes);
        }
        SetBuilt(inputShapes, ComputeOutputShapes(inputShapes));
        if (InitialWeights is { } weights) SetWeights(weights);
    }

    /// <summary>
    /// Keras's <c>weights=</c> keyword: values the layer's weights take once it is built, in <see cref="Weights"/>
    /// order (<c>Dense(2, weights=[W, b])</c> is <c>new Dense(2) { InitialWeights = [W, b] }</c>). Not saved in configs,
    /// as in Keras.
    /// </summary>
    public IReadOnlyList<Tensor>? InitialWeights { get; init; }

    /// <summary>Marks the layer built for these shapes (a layer without weights that infers its output shapes itself).</summary>
    private protected void SetBuilt(IReadOnlyList<Shape> inputShapes, IReadOnlyList<Shape> outputShapes)
    {
        InputShapes = inputShapes.ToArray();
        OutputShapes = outputShapes;
        Built = true;
    }

    /// <summary>Creates the weights for an input shape (batch axis included).</summary>
    protected virtual void Build(Shape input_shape) { }

    /// <summary>Creates the weights of a layer of several inputs; by default, a layer takes one.</summary>
    protected virtual void Build(IReadOnlyList<Shape> input_shapes) => throw ExpectsOneInput(input_shapes.Count);

    /// <summary>The computation; <paramref name="inputs"/> is never returned as is (return an alias at least).</summary>
    protected virtual Tensor Call(Tensor inputs, bool training) => throw new KerasException($"Layer {Name} takes a list of inputs.");

    /// <summary>The computation of a layer of several inputs or outputs; by default, a layer takes one.</summary>
    protected virtual Tensor[] Call(Tensor[] inputs, bool training) =>
        inputs.Length == 1 ? new[] { Call(inputs[0], training) } : throw ExpectsOneInput(inputs.Length);

    /// <summary>
    /// The computation with the input masks (Keras passes <c>mask</c> to a <c>call</c> that takes it); by default the
    /// masks are not used. A layer that reads them (a recurrent layer) overrides this.
    /// </summary>
    protected virtual Tensor[] Call(Tensor[] inputs, Tensor?[] masks, bool training) => Call(inputs, training);

    /// <summary>
    /// Keras's <c>supports_masking</c>: whether the layer accepts a masked input. One that does not raises when it
    /// gets a mask; one that does passes the mask on unless it overrides <see cref="ComputeMask"/>.
    /// </summary>
    public bool SupportsMasking { get; protected set; }

    /// <summary>Keras's <c>compute_mask(inputs, mask)</c>: the output mask for an input and its mask.</summary>
    public virtual Tensor? ComputeMask(Tensor inputs, Tensor? mask)
    {
        if (!SupportsMasking)
        {
            if (mask is not null) throw MaskNotSupported();
            return null;
        }
        return mask;
    }

    /// <summary>The output masks of a call of several inputs or outputs; by default one input and one output.</summary>
    private protected virtual Tensor?[] ComputeMasks(Tensor[] inputs, Tensor?[] masks, int outputCount)
    {
        if (inputs.Length == 1 && outputCount == 1) return new[] { ComputeMask(inputs[0], masks[0]) };
        if (masks.Any(m => m is not null)) throw MaskNotSupported();
        return new Tensor?[outputCount];
    }

    /// <summary>
    /// Which outputs of a symbolic call carry a mask, given which inputs do: <see cref="ComputeMasks"/> for the graph
    /// being built, so that a layer without mask support fails where it is called, as in Keras.
    /// </summary>
    private protected virtual bool[] OutputMasks(bool[] inputMasks, int outputCount)
    {
        if (!inputMasks.Any(m => m)) return new bool[outputCount];
        if (!SupportsMasking || inputMasks.Length != 1 || outputCount != 1) throw MaskNotSupported();
        return new[] { true };
    }

    private protected KerasException MaskNotSupported() =>
        new($"Layer {Name} does not support masking, but was passed an input_mask. Its input comes from a layer that masks (an Embedding with mask_zero=True, a Masking layer, a recurrent layer with return_sequences=True).");

    public virtual Shape ComputeOutputShape(Shape input_shape) => input_shape;

    /// <summary>The output shapes for several input shapes; by default, one input and one output.</summary>
    public virtual IReadOnlyList<Shape> ComputeOutputShapes(IReadOnlyList<Shape> input_shapes) =>
        input_shapes.Count == 1 ? new[] { ComputeOutputShape(input_shapes[0]) } : throw ExpectsOneInput(input_shapes.Count);

    private KerasException ExpectsOneInput(int received) =>
        new($"Layer {Name} expects 1 inputs, but it received {received} input tensors.");

    /// <summary>Keras's <c>layer.input</c>: the input of the layer's only call.</summary>
    public virtual KerasTensor Input => KerasTensor.Pack(OnlyNode("input").Inputs);

    /// <summary>Keras's <c>layer.output</c>: the output of the layer's only call.</summary>
    public virtual KerasTensor Output => KerasTensor.Pack(OnlyNode("output").Outputs);

    /// <summary>Keras's <c>layer.get_input_at(node_index)</c>, for a layer called more than once.</summary>
    public KerasTensor GetInputAt(int node_index) => KerasTensor.Pack(NodeAt(node_index, "input").Inputs);

    /// <summary>Keras's <c>layer.get_output_at(node_index)</c>.</summary>
    public KerasTensor GetOutputAt(int node_index) => KerasTensor.Pack(NodeAt(node_index, "output").Outputs);

    private Node OnlyNode(string what) => InboundNodesList.Count switch
    {
        0 => throw new KerasException($"Layer {Name} is not connected, no {what} to return."),
        1 => InboundNodesList[0],
        _ => throw MultipleInboundNodes(what),
    };

    private protected KerasException MultipleInboundNodes(string what) =>
        new($"Layer {Name} has multiple inbound nodes, hence the notion of \"layer {what}\" is ill-defined. Use `Get{char.ToUpperInvariant(what[0])}{what[1..]}At(node_index)` instead.");

    private Node NodeAt(int nodeIndex, string what) =>
        nodeIndex >= 0 && nodeIndex < InboundNodesList.Count ? InboundNodesList[nodeIndex]
            : throw new ArgumentOutOfRangeException("node_index", $"Asked to get {what} at node {nodeIndex}, but the layer has only {InboundNodesList.Count} inbound nodes.");

    /// <summary>Hook after <see cref="Call(Tensor, bool)"/>, used for activity regularization.</summary>
    protected virtual void AfterCall(Tensor outputs) { }

    /// <summary>Keras's <c>add_weight</c>: a new weight in Keras layout on the model's device.</summary>
    protected KerasVariable AddWeight(string name, long[] shape, Initializer? initializer = null,
                                      Regularizer? regularizer = null, bool trainable = true,
                                      Constraint? constraint = null)
    {
        // No initializer: glorot_uniform, tf.keras's default for float weights (Keras 2.2.4 requires one).
        initializer ??= new GlorotUniform();
        // A weight outlives whatever dispose scope is open when the layer is built (its first call may be inside a step).
        using var scope = torch.NewDisposeScope();
        var value = initializer.Generate(shape).to(KerasBackend.Device);
        var parameter = new TorchSharp.Modules.Parameter(value, requires_grad: trainable);
        parameter.DetachFromDisposeScope();
        register_parameter(name, parameter);
        var variable = new KerasVariable(this, name, parameter, trainable, regularizer, constraint);
        _variables.Add(variable);
        return variable;
    }

    /// <summary>The layers whose updates a training step runs (Keras 2's <c>layer.updates</c>): this one when trainable.</summary>
    internal virtual IEnumerable<Layer> UpdatingLayers() => Trainable ? new[] { this } : Array.Empty<Layer>();

    /// <summary>The weight penalties of this layer (<c>layer.losses</c> minus activity terms).</summary>
    internal virtual IEnumerable<Tensor> WeightRegularizationLosses() =>
        _variables.Where(v => v.Regularizer is not null).Select(v => v.Regularizer!.Call(v.Value));

    /// <summary>Activity penalties recorded by calls since the last <see cref="TakeActivityLosses"/>.</summary>
    internal virtual List<Tensor> TakeActivityLosses()
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
