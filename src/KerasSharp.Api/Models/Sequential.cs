using System;
using System.Collections.Generic;
using System.Linq;
using KerasSharp.Backend;
using KerasSharp.Layers;
using KerasSharp.Saving;
using Newtonsoft.Json.Linq;
using static TorchSharp.torch;

namespace KerasSharp.Models;

/// <summary>
/// <c>keras.models.Sequential</c>: a stack of layers. As in Keras 2, the model is built as soon as its input shape is
/// known (from the first layer's <c>input_shape</c>/<c>batch_input_shape</c>, or an <see cref="InputLayer"/>), and
/// each added layer is checked against the previous output then. Not sealed: generated model classes derive from it.
/// </summary>
public class Sequential : Model
{
    private readonly List<Layer> _layers = new();

    public Sequential(IEnumerable<Layer>? layers = null, string? name = null) : base(name)
    {
        foreach (var layer in layers ?? Enumerable.Empty<Layer>()) Add(layer);
    }

    public override IReadOnlyList<Layer> Layers => _layers;

    public sealed override string KerasClassName => "Sequential";

    /// <summary>The model's input shape (batch axis included) once known.</summary>
    public Shape? ModelInputShape { get; private set; }

    /// <summary>Adds a layer on top; returns the model so calls can be chained.</summary>
    public Sequential Add(Layer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (layer is Model)
            throw new ArgumentException($"Adding a model as a layer is not supported yet. Received: {layer}", nameof(layer));
        if (_layers.Any(l => l.Name == layer.Name))
            throw new ArgumentException($"All layers added to a Sequential model should have unique names. Name \"{layer.Name}\" is already the name of a layer in this model.", nameof(layer));
        if (layer is InputLayer input)
        {
            if (_layers.Count > 0 || ModelInputShape is not null)
                throw new ArgumentException($"An InputLayer can only be the first layer of a Sequential model. Received: {layer}", nameof(layer));
            ModelInputShape = input.BatchInputShape;
            return this;
        }
        if (_layers.Count == 0 && ModelInputShape is null) ModelInputShape = layer.BatchInputShape;
        var previous = _layers.Count == 0 ? ModelInputShape : _layers[^1].OutputShape;
        if (previous is not null) layer.EnsureBuilt(previous);
        _layers.Add(layer);
        return this;
    }

    /// <summary>Removes the last layer (<c>model.pop()</c>).</summary>
    public void Pop()
    {
        if (_layers.Count == 0) throw new InvalidOperationException("There are no layers in the model.");
        _layers.RemoveAt(_layers.Count - 1);
    }

    /// <summary>Builds every layer for an input shape with a batch axis (<c>model.build(input_shape)</c>).</summary>
    public void BuildModel(Shape batch_input_shape)
    {
        ModelInputShape ??= batch_input_shape;
        var shape = ModelInputShape;
        foreach (var layer in _layers)
        {
            layer.EnsureBuilt(shape);
            shape = layer.OutputShape!;
        }
    }

    /// <summary>
    /// Keras 2.2.4's Sequential config: <c>{"name", "layers"}</c>, no InputLayer entry, the model's input shape on the
    /// first layer as <c>batch_input_shape</c> (wherever it came from, so the file alone rebuilds the model).
    /// </summary>
    public override JObject GetConfig() => new()
    {
        ["name"] = Name,
        ["layers"] = new JArray(_layers.Select((layer, i) => new JObject
        {
            ["class_name"] = KerasConfig.ClassName(layer),
            ["config"] = KerasConfig.LayerConfig(layer, i == 0 ? ModelInputShape : null),
        })),
    };

    protected override Tensor Call(Tensor inputs, bool training)
    {
        var x = inputs;
        foreach (var layer in _layers) x = layer.Apply(x, training);
        return ReferenceEquals(x, inputs) ? x.alias() : x;
    }

    public override Shape ComputeOutputShape(Shape input_shape) =>
        _layers.Aggregate(input_shape, (shape, layer) => layer.ComputeOutputShape(shape));

    /// <summary>The shape inputs must have, for error messages; null until known.</summary>
    internal Shape? ExpectedInputShape => ModelInputShape ?? _layers.FirstOrDefault()?.InputShape;

    internal string InputName => (_layers.FirstOrDefault()?.Name ?? Name) + "_input";

    internal override void EnsureBuiltFor(Tensor x)
    {
        if (_layers.Count == 0)
            throw new KerasException("You must add at least one layer to the Sequential model before using it.");
        var expected = ExpectedInputShape;
        if (expected is not null)
        {
            if (x.dim() != expected.Rank)
                throw new ArgumentException($"Error when checking input: expected {InputName} to have {expected.Rank} dimensions, but got array with shape {ShapeText(x.shape)}", "x");
            for (int i = 1; i < expected.Rank; i++)
                if (expected[i] is int size && size != x.shape[i])
                    throw new ArgumentException($"Error when checking input: expected {InputName} to have shape {expected.WithoutBatch()} but got array with shape {ShapeText(x.shape[1..])}", "x");
        }
        if (!_layers[^1].Built) BuildModel(new Shape(x.shape.Select((d, i) => i == 0 ? (int?)null : (int?)d).ToArray()));
    }
}
