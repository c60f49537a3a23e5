using System;
using System.Collections.Generic;
using System.Linq;
using KerasSharp.Layers;
using KerasSharp.Models;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace KerasSharp.Saving;

/// <summary>
/// Keras's model loading functions. With <c>using static KerasSharp.Saving.SavingApi;</c> the tutorial's
/// <c>model = model_from_json(loaded_model_json)</c> reads <c>var model = ModelFromJson(loaded_model_json);</c>.
/// This file reads model JSON; SavingApi.Files.cs is the one place that routes files to their format.
/// </summary>
public static partial class SavingApi
{
    /// <summary>
    /// <c>keras.models.model_from_json(json, custom_objects=None)</c>: the model a JSON of any Keras 2 or 3 version
    /// describes: a <see cref="Sequential"/> (list or dict config, with or without an InputLayer entry, Keras 3
    /// wrappers) or a functional <see cref="Model"/> (shared layers, several inputs and outputs, nested models). Keras 1
    /// files are refused. Keys a layer does not take are ignored with a warning; an unknown layer class is an error
    /// naming the class and the layer. A Lambda layer's function is never read from the file: pass the C# function in
    /// <paramref name="custom_objects"/> under its saved name or the layer's name.
    /// </summary>
    public static Model ModelFromJson(string json, IReadOnlyDictionary<string, object>? custom_objects = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        using (Reading(custom_objects)) return FromConfig(Parse(json));
    }

    /// <summary>
    /// Makes <paramref name="customObjects"/> what the reading of one model sees (null: keep what an enclosing read set,
    /// as <c>load_model</c> does for the <c>model_from_json</c> inside it); disposing restores the previous.
    /// </summary>
    internal static IDisposable Reading(IReadOnlyDictionary<string, object>? customObjects)
    {
        var previous = KerasConfig.Reading.Value;
        KerasConfig.Reading.Value = customObjects is null && previous is not null ? previous : new KerasConfig.ReadScope(customObjects);
        return new Restore(() => KerasConfig.Reading.Value = previous);
    }

    private sealed class Restore(Action action) : IDisposable
    {
        public void Dispose() => action();
    }

    internal static JObject Parse(string json)
    {
        try
        {
            return JObject.Parse(json);
        }
        catch (JsonReaderException e)
        {
            throw new KerasException($"model_from_json: the text is not valid JSON ({e.Message}).", e);
        }
    }

    /// <summary>A model from its <c>{"class_name", "config"}</c> entry (the root, or a model used as a layer).</summary>
    internal static Model FromConfig(JObject root)
    {
        KerasConfigNormalizer.RefuseKeras1(root);
        if ((string?)root["class_name"] is "Model" or "Functional" && root["config"] is JObject graph) return FromGraph(graph, Keras3(root));
        var (name, layers) = Layers(root);
        var model = new Sequential(name: name);
        foreach (var layer in layers) model.Add(layer);
        return model;
    }

    private static bool Keras3(JObject root) => root["module"] is not null || ((string?)root["keras_version"])?.StartsWith("3.", StringComparison.Ordinal) == true;

    /// <summary>
    /// Keras 2.2.4's <c>Network.from_config</c>: every layer made first, then their calls made in layer order, again
    /// and again until each call's inputs exist (a layer shared at several depths), then the model on the given
    /// inputs and outputs.
    /// </summary>
    private static Model FromGraph(JObject config, bool keras3)
    {
        var (name, entries, inputs, outputs) = KerasConfigNormalizer.Graph(config);
        var created = new Dictionary<string, Layer>();
        foreach (var entry in entries) created[entry.Name] = CreateLayer(entry.ClassName, entry.Config, entry.Entry, entry.Name);
        var pending = entries.ToDictionary(e => e.Name, e => new Queue<List<KerasConfigNormalizer.InboundTensor>>(e.Calls));
        KerasTensor? Tensor(KerasConfigNormalizer.InboundTensor at)
        {
            var layer = created.TryGetValue(at.Layer, out var l) ? l
                : throw new KerasException($"model_from_json: a layer call reads from layer '{at.Layer}', which the model does not have.");
            // A model used as a layer counts its own graph as node 0 (not a Keras 3 Sequential).
            var node = at.Node - (layer is Model && !(keras3 && layer is Sequential) ? 1 : 0);
            if (node < 0 || node >= layer.InboundNodesList.Count) return null;
            var made = layer.InboundNodesList[node].Outputs;
            return at.Tensor < made.Count ? made[at.Tensor]
                : throw new KerasException($"model_from_json: layer '{at.Layer}' has no output {at.Tensor} at node {at.Node}.");
        }
        while (pending.Values.Any(q => q.Count > 0))
        {
            var progress = false;
            foreach (var entry in entries)
            {
                var queue = pending[entry.Name];
                while (queue.Count > 0 && queue.Peek().Select(Tensor).ToList() is var tensors && tensors.All(t => t is not null))
                {
                    var call = queue.Dequeue();
                    var training = call.Select(c => c.Kwargs["training"]).FirstOrDefault(t => t is { Type: JTokenType.Boolean });
                    created[entry.Name].Apply(new KerasTensorList(tensors!), training is null ? null : (bool)training);
                    progress = true;
                }
            }
            if (!progress)
            {
                var stuck = entries.First(e => pending[e.Name].Count > 0);
                throw new KerasException($"model_from_json: the call of layer '{stuck.Name}' reads tensors that no call makes ({string.Join(", ", pending[stuck.Name].Peek().Select(t => $"{t.Layer}[{t.Node}][{t.Tensor}]"))}).");
            }
        }
        KerasTensor Coordinate(KerasConfigNormalizer.InboundTensor at) => Tensor(at)
            ?? throw new KerasException($"model_from_json: the model's input or output {at.Layer}[{at.Node}][{at.Tensor}] is not made by any call.");
        return new Model(inputs.Select(Coordinate).ToList(), outputs.Select(Coordinate).ToList(), name);
    }

    /// <summary>A layer, or a model used as a layer, from its entry; the config's unknown keys are warned about.</summary>
    internal static Layer CreateLayer(string layerClass, JObject config, JObject entry, string layerName)
    {
        if (KerasConfigNormalizer.IsModel(layerClass)) return FromConfig(entry);
        var type = ObjectRegistry.Layer(layerClass)
            ?? throw new KerasException($"model_from_json: unknown layer class '{layerClass}' (layer '{layerName}'). Known: {string.Join(", ", ObjectRegistry.LayerClassNames.OrderBy(n => n))}. Custom layers need [KerasLayer] and ObjectRegistry.Register.");
        if (KerasConfig.Reading.Value is { } scope) scope.Layer = layerName;
        return (Layer)KerasConfig.Create(type, config, $"layer '{layerName}' ({layerClass})", key =>
        {
            if (!KerasConfigNormalizer.SilentlyIgnored.Contains(key))
                Console.Error.WriteLine($"UserWarning: layer '{layerName}' ({layerClass}): ignoring the config key `{key}`.");
        });
    }

    /// <summary>The model name and its layers (not yet built) of a Sequential JSON, as <see cref="ModelFromJson"/> reads them.</summary>
    internal static (string? Name, List<Layer> Layers) LayersFromJson(string json)
    {
        using (Reading(null)) return Layers(Parse(json));
    }

    /// <summary>A Sequential config's name and layers (a functional chain comes as its layer list, see KerasConfigNormalizer).</summary>
    private static (string? Name, List<Layer> Layers) Layers(JObject root)
    {
        var (_, name, entries) = KerasConfigNormalizer.Model(root);
        var layers = new List<Layer>();
        for (int i = 0; i < entries.Count; i++)
        {
            var (layerClass, config, entry) = entries[i];
            // Keras ignores an input shape on any but the first layer (an InputLayer entry counts as the first).
            if (i > 0)
                foreach (var key in new[] { "batch_input_shape", "input_shape" }) config.Remove(key);
            layers.Add(CreateLayer(layerClass, config, entry, (string?)config["name"] ?? $"#{i}"));
        }
        return (name, layers);
    }
}
