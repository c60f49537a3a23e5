using System;
using System.Collections.Generic;
using System.Linq;
using KerasSharp.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasSharp.Models;

/// <summary>
/// <c>keras.models.Model</c>: a layer made of layers that can be compiled and trained. <c>new Model(inputs: x, outputs:
/// y)</c> is Keras's functional model, the graph of layer calls between <see cref="KerasTensor"/>s (several inputs and
/// outputs, shared layers, nested models); <see cref="Sequential"/> derives from it, and so can user models that
/// override <c>Call</c>. Split by concern like Keras's mixins: this file (the graph, layers and weights),
/// <c>Model.Training.cs</c>, <c>Model.Generators.cs</c>, <c>Model.Saving.cs</c> and <c>Model.Summary.cs</c>.
/// </summary>
public partial class Model : Layer
{
    private Graph? _graph;

    /// <summary><c>Model(inputs, outputs, name)</c>: the layers between symbolic inputs (from <c>Input</c>) and outputs.</summary>
    public Model(KerasTensorList inputs, KerasTensorList outputs, string? name = null) : base(name ?? DefaultName())
    {
        SetGraph(new Graph(inputs, outputs));
    }

    /// <summary>For <see cref="Sequential"/> and user models that override <c>Call</c> (Keras's subclassing).</summary>
    protected Model(string? name = null) : base(name) { }

    /// <summary>
    /// Makes this model the functional model between <paramref name="inputs"/> (tensors from <c>Input</c>) and
    /// <paramref name="outputs"/>, for a class deriving from Model that creates its layers and calls them in its own
    /// constructor (after <c>base(name)</c>), as Keras's subclass does with <c>super().__init__(inputs, outputs)</c> at the
    /// end of its <c>__init__</c>. The model is then what <c>new Model(inputs, outputs, name)</c> would be: same graph,
    /// <c>ToJson</c>, summary and weights. Classes generated from a functional model.json end with it. Once per model;
    /// a Sequential builds its own graph.
    /// </summary>
    protected void InitGraph(KerasTensorList inputs, KerasTensorList outputs)
    {
        if (_graph is not null) throw new InvalidOperationException($"Model {Name} already has a graph: InitGraph is called once, at the end of the constructor.");
        if (this is Sequential) throw new InvalidOperationException($"Model {Name} is a Sequential: its layers are added with Add, not InitGraph.");
        SetGraph(new Graph(inputs, outputs));
    }

    // A functional model is numbered "model_N", as Keras 2 names it.
    private static string DefaultName() => $"model_{Backend.KerasBackend.GetUid("model")}";

    /// <summary>The graph, once the model has one (a functional model always; a Sequential once its input is known).</summary>
    internal Graph? Graph => _graph;

    internal void SetGraph(Graph graph)
    {
        _graph = graph;
        EnsureBuilt(graph.Inputs.Select(t => t.Shape).ToList());
        // A Sequential's graph grows with each Add: its shapes follow.
        InputShapes = graph.Inputs.Select(t => t.Shape).ToList();
        OutputShapes = graph.Outputs.Select(t => t.Shape).ToList();
    }

    /// <summary>The class name the model is saved under: <c>Model</c> (Keras 2's name for a functional model).</summary>
    public virtual string KerasClassName => "Model";

    /// <summary>
    /// Keras's <c>model.layers</c>: for a functional model, every layer of the graph (input layers first, then by
    /// depth); for a subclassed model, the layers it holds in its fields and properties, in declaration order.
    /// </summary>
    public virtual IReadOnlyList<Layer> Layers => _graph?.Layers ?? TrackedLayers();

    /// <summary>
    /// Keras's <c>model.input</c>: the graph's input (a list packed in one value), since Keras counts a model's own
    /// graph as its first call; once the model is called as a layer, it has several and this is an error, as in Keras.
    /// </summary>
    public override KerasTensor Input => _graph is null ? base.Input : KerasTensor.Pack(OwnGraph("input").Inputs);

    /// <summary>Keras's <c>model.output</c>: the graph's output, as <see cref="Input"/>.</summary>
    public override KerasTensor Output => _graph is null ? base.Output : KerasTensor.Pack(OwnGraph("output").Outputs);

    private Graph OwnGraph(string what) => InboundNodesList.Count == 0 ? _graph! : throw MultipleInboundNodes(what);

    /// <summary>Keras's <c>model.inputs</c>.</summary>
    public IReadOnlyList<KerasTensor> Inputs => RequireGraph().Inputs;

    /// <summary>Keras's <c>model.outputs</c>.</summary>
    public IReadOnlyList<KerasTensor> Outputs => RequireGraph().Outputs;

    /// <summary>Keras's <c>model.input_names</c>: the input layers' names (<c>input_1</c> for a subclassed model, as Keras 2).</summary>
    public virtual IReadOnlyList<string> InputNames => _graph is null ? new[] { "input_1" } : Inputs.Select(t => t.Layer.Name).ToList();

    /// <summary>Keras's <c>model.output_names</c>: the names of the layers that make the outputs (<c>output_1</c> for a subclassed model).</summary>
    public virtual IReadOnlyList<string> OutputNames => _graph is null ? new[] { "output_1" } : Outputs.Select(t => t.Layer.Name).ToList();

    /// <summary>A subclassed model's output shapes, learnt from its first call on data (Keras 2's <c>_set_inputs</c>).</summary>
    private IReadOnlyList<Shape>? _subclassedOutputShapes;

    /// <summary>Set by a callback to end <c>Fit</c> after the current batch (<c>model.stop_training</c>).</summary>
    public bool StopTraining { get; set; }

    /// <summary>Keras's <c>model.get_layer(name=None, index=None)</c>.</summary>
    public Layer GetLayer(string? name = null, int? index = null)
    {
        if (index is int i)
            return i >= 0 && i < Layers.Count ? Layers[i]
                : throw new ArgumentException($"Was asked to retrieve layer at index {i} but model only has {Layers.Count} layers.", nameof(index));
        if (name is null) throw new ArgumentException("Provide either a layer name or layer index.", nameof(name));
        return Layers.FirstOrDefault(l => l.Name == name) ?? throw new ArgumentException($"No such layer: {name}", nameof(name));
    }

    /// <summary>
    /// Keras's <c>model.reset_states()</c>: the states of every stateful layer back to zeros (recurrent layers,
    /// Bidirectional wrappers of them, and those inside nested models); other layers are left alone, as Keras resets
    /// only layers with <c>stateful=True</c>.
    /// </summary>
    public void ResetStates()
    {
        foreach (var layer in Layers)
        {
            switch (layer)
            {
                case RNN { Stateful: true } rnn: rnn.ResetStates(); break;
                case Bidirectional { ForwardLayer.Stateful: true } bidirectional: bidirectional.ResetStates(); break;
                case Model model: model.ResetStates(); break;
            }
        }
    }

    /// <summary>A model that is not trainable has no trainable weights (Keras 2's Network), whatever its layers say.</summary>
    public override IReadOnlyList<KerasVariable> Weights => Layers.SelectMany(l => l.Weights).ToList();
    public override IReadOnlyList<KerasVariable> TrainableWeights => Trainable ? Layers.SelectMany(l => l.TrainableWeights).ToList() : Array.Empty<KerasVariable>();
    public override IReadOnlyList<KerasVariable> NonTrainableWeights => Trainable ? Layers.SelectMany(l => l.NonTrainableWeights).ToList() : Weights;

    /// <summary>A model's weights are its layers': there is nothing of its own to build, whatever its inputs.</summary>
    protected override void Build(IReadOnlyList<Shape> input_shapes) { }

    /// <summary>A graph model runs its graph; a subclassed model overrides this with its forward pass.</summary>
    protected override Tensor Call(Tensor inputs, bool training)
    {
        var outputs = RequireGraph().Run(new[] { inputs }, training);
        return outputs.Length == 1 ? outputs[0] : throw new KerasException($"Model {Name} has {outputs.Length} outputs; Apply returns one.");
    }

    protected override Tensor[] Call(Tensor[] inputs, bool training) =>
        _graph is null && inputs.Length == 1 ? new[] { Call(inputs[0], training) } : RequireGraph().Run(inputs, training);

    /// <summary>A graph model runs its graph with the input masks and returns its outputs' masks (Keras's Network.compute_mask).</summary>
    internal override (Tensor[] Outputs, Tensor?[] Masks) CallMasked(Tensor[] inputs, Tensor?[] masks, bool training)
    {
        if (!Built || _graph is null) return base.CallMasked(inputs, masks, training);
        return _graph.RunMasked(inputs, masks, training);
    }

    /// <summary>A graph's outputs carry the masks its own layers give them.</summary>
    private protected override bool[] OutputMasks(bool[] inputMasks, int outputCount) =>
        _graph is null ? base.OutputMasks(inputMasks, outputCount) : _graph.Outputs.Select(o => o.HasMask).ToArray();

    /// <summary>
    /// A graph's output shapes; a subclassed model's once its first call has shown them (until then the input shapes
    /// stand in, as the model is built by that very call).
    /// </summary>
    public override IReadOnlyList<Shape> ComputeOutputShapes(IReadOnlyList<Shape> input_shapes) =>
        KnownOutputShapes ?? input_shapes;

    public override Shape ComputeOutputShape(Shape input_shape) => ComputeOutputShapes(new[] { input_shape })[0];

    /// <summary>The sum of every weight penalty, from this model's layers and the models inside it.</summary>
    internal override IEnumerable<Tensor> WeightRegularizationLosses() => Layers.SelectMany(l => l.WeightRegularizationLosses());

    /// <summary>A model that is not trainable runs no updates of its layers (Keras 2's Network.updates).</summary>
    internal override IEnumerable<Layer> UpdatingLayers() => Trainable ? Layers.SelectMany(l => l.UpdatingLayers()) : Array.Empty<Layer>();

    internal override List<Tensor> TakeActivityLosses() => Layers.SelectMany(l => l.TakeActivityLosses()).ToList();

    /// <summary>The sum of every weight penalty and of the activity penalties from the last forward pass.</summary>
    internal Tensor? RegularizationLoss()
    {
        var terms = WeightRegularizationLosses().Concat(TakeActivityLosses()).ToList();
        if (terms.Count == 0) return null;
        var total = terms[0];
        for (int i = 1; i < terms.Count; i++) total = total + terms[i];
        return total;
    }

    /// <summary>Drops activity penalties recorded by a forward pass whose loss is not computed (predict).</summary>
    internal void DiscardActivityLosses() => TakeActivityLosses();

    /// <summary>Checks one array per input against the model's inputs, in Keras's words; a Sequential also builds itself.</summary>
    internal virtual void EnsureBuiltFor(IReadOnlyList<Tensor> x)
    {
        if (_graph is not null)
        {
            for (int i = 0; i < _graph.Inputs.Count; i++) CheckInput(_graph.Inputs[i].Shape, _graph.Inputs[i].Layer.Name, x[i]);
            return;
        }
        if (_subclassedOutputShapes is not null || x[0].shape[0] == 0) return;
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var outputs = CallAll(x.Select(t => t[..1]).ToArray(), training: false);
        DiscardActivityLosses();
        _subclassedOutputShapes = outputs.Select(o => ((Shape)o.shape).Replace(0, null)).ToList();
        OutputShapes = _subclassedOutputShapes;
    }

    /// <summary>The output shapes, batch axis included: the graph's, or a subclassed model's once it has seen data.</summary>
    internal IReadOnlyList<Shape>? KnownOutputShapes => _graph?.Outputs.Select(o => o.Shape).ToList() ?? _subclassedOutputShapes;

    /// <summary>Keras's <c>standardize_input_data</c> checks of one array against one input.</summary>
    internal static void CheckInput(Shape expected, string name, Tensor x)
    {
        if (x.dim() != expected.Rank)
            throw new ArgumentException($"Error when checking input: expected {name} to have {expected.Rank} dimensions, but got array with shape {ShapeText(x.shape)}", "x");
        for (int i = 1; i < expected.Rank; i++)
            if (expected[i] is int size && size != x.shape[i])
                throw new ArgumentException($"Error when checking input: expected {name} to have shape {expected.WithoutBatch()} but got array with shape {ShapeText(x.shape[1..])}", "x");
    }

    private Graph RequireGraph() => _graph ?? throw new KerasException($"Model {Name} has no graph yet: it is a subclassed model, or a Sequential whose input shape is not known (add an input_shape to its first layer, or call it on data).");

    /// <summary>The layers a subclassed model holds in its fields and properties (Keras tracks attribute assignments).</summary>
    private IReadOnlyList<Layer> TrackedLayers()
    {
        var flags = System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic;
        var layers = new List<Layer>();
        for (var type = GetType(); type is not null && type != typeof(Model); type = type.BaseType)
            foreach (var field in type.GetFields(flags | System.Reflection.BindingFlags.DeclaredOnly).OrderBy(f => f.MetadataToken))
                if (field.GetValue(this) is Layer layer && !layers.Contains(layer)) layers.Add(layer);
        return layers;
    }
}
