using System;
using System.Collections.Generic;
using System.Linq;
using KerasSharp.Layers;
using KerasSharp.Saving;
using Newtonsoft.Json.Linq;
using static TorchSharp.torch;

namespace KerasSharp.Models;

/// <summary>
/// <c>keras.models.Sequential</c>: a stack of layers, a <see cref="Model"/> whose graph is a chain (Keras 2's Sequential
/// is built the same way). Once the input shape is known (the first layer's <c>input_shape</c>/<c>batch_input_shape</c>,
/// an <see cref="InputLayer"/>, or the first data), the model has an input layer named after its first layer
/// (<c>conv2d_1_input</c>) and each added layer is called on the previous output, which checks it at once. A layer may
/// be a model. Not sealed: generated model classes derive from it.
/// </summary>
public class Sequential : Model
{
    private readonly List<Layer> _layers = new();
    private readonly List<KerasTensor> _outputs = new();
    private InputLayer? _input;

    public Sequential(IEnumerable<Layer>? layers = null, string? name = null) : base(name)
    {
        foreach (var layer in layers ?? Enumerable.Empty<Layer>()) Add(layer);
    }

    /// <summary>The added layers, without the input layer (as standalone Keras 2's <c>sequential.layers</c>).</summary>
    public override IReadOnlyList<Layer> Layers => _layers;

    public sealed override string KerasClassName => "Sequential";

    /// <summary>The model's input shape (batch axis included) once known.</summary>
    public Shape? ModelInputShape { get; private set; }

    /// <summary>Adds a layer on top; returns the model so calls can be chained.</summary>
    public Sequential Add(Layer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (_layers.Any(l => l.Name == layer.Name))
            throw new ArgumentException($"All layers added to a Sequential model should have unique names. Name \"{layer.Name}\" is already the name of a layer in this model.", nameof(layer));
        if (layer is InputLayer input)
        {
            if (_layers.Count > 0 || ModelInputShape is not null)
                throw new ArgumentException($"An InputLayer can only be the first layer of a Sequential model. Received: {layer}", nameof(layer));
            ModelInputShape = input.BatchInputShape;
            _input = input;
            return this;
        }
        if (_layers.Count == 0 && ModelInputShape is null) ModelInputShape = DeclaredInputShape(layer);
        _layers.Add(layer);
        if (Graph is not null) Append(layer);
        else if (ModelInputShape is not null) BuildModel(ModelInputShape);
        return this;
    }

    /// <summary>The batch input shape a first layer declares; for a model, that of its own first layer (as Keras 2).</summary>
    private static Shape? DeclaredInputShape(Layer layer) => layer switch
    {
        Sequential sequential => sequential.ModelInputShape,
        Model { Graph: { } graph } => graph.Inputs.Count == 1 ? graph.Inputs[0].Shape : null,
        _ => layer.BatchInputShape,
    };

    private void Append(Layer layer)
    {
        try
        {
            _outputs.Add(layer.Apply(_outputs.Count == 0 ? _input!.Output : _outputs[^1]));
        }
        catch
        {
            _layers.Remove(layer);
            throw;
        }
        SetGraph(new Graph(new[] { _input!.Output }, new[] { _outputs[^1] }));
    }

    /// <summary>Removes the last layer (<c>model.pop()</c>).</summary>
    public void Pop()
    {
        if (_layers.Count == 0) throw new InvalidOperationException("There are no layers in the model.");
        _layers.RemoveAt(_layers.Count - 1);
        if (_outputs.Count == 0) return;
        _outputs.RemoveAt(_outputs.Count - 1);
        if (_outputs.Count > 0) SetGraph(new Graph(new[] { _input!.Output }, new[] { _outputs[^1] }));
    }

    /// <summary>
    /// Builds the model for an input shape with a batch axis (<c>model.build(input_shape)</c>): its input layer, then
    /// each layer called on the previous output.
    /// </summary>
    public void BuildModel(Shape batch_input_shape)
    {
        if (Graph is not null) return;
        ModelInputShape ??= batch_input_shape;
        _input ??= new InputLayer(batch_input_shape: ModelInputShape, name: (_layers.FirstOrDefault()?.Name ?? Name) + "_input");
        var layers = _layers.ToList();
        _layers.Clear();
        foreach (var layer in layers)
        {
            _layers.Add(layer);
            Append(layer);
        }
    }

    protected override void Build(Shape input_shape) => BuildModel(input_shape);

    /// <summary>
    /// Keras 2.2.4's Sequential config: <c>{"name", "layers"}</c>, no InputLayer entry, the model's input shape on the
    /// first layer as <c>batch_input_shape</c> (wherever it came from, so the file alone rebuilds the model).
    /// </summary>
    public override JObject GetConfig() => new()
    {
        ["name"] = Name,
        ["layers"] = new JArray(_layers.Select((layer, i) => new JObject
        {
            ["class_name"] = FunctionalConfig.ClassName(layer),
            ["config"] = layer is Model model ? model.GetConfig() : KerasConfig.LayerConfig(layer, i == 0 ? ModelInputShape : null),
        })),
    };

    public override Shape ComputeOutputShape(Shape input_shape) =>
        Graph is null ? _layers.Aggregate(input_shape, (shape, layer) => layer.ComputeOutputShape(shape)) : base.ComputeOutputShape(input_shape);

    internal override void EnsureBuiltFor(IReadOnlyList<Tensor> x)
    {
        if (_layers.Count == 0)
            throw new KerasException("You must add at least one layer to the Sequential model before using it.");
        if (Graph is null) BuildModel(new Shape(x[0].shape.Select((d, i) => i == 0 ? (int?)null : (int?)d).ToArray()));
        base.EnsureBuiltFor(x);
    }

    /// <summary>The input layer's name, <c>&lt;first layer&gt;_input</c> (known before the model has its graph).</summary>
    public override IReadOnlyList<string> InputNames => Graph is null ? new[] { (_layers.FirstOrDefault()?.Name ?? Name) + "_input" } : base.InputNames;

    /// <summary>The last layer's name (known before the model has its graph).</summary>
    public override IReadOnlyList<string> OutputNames => Graph is null ? new[] { _layers.LastOrDefault()?.Name ?? Name } : base.OutputNames;
}
