using System.Collections.Generic;
using System.Linq;
using KerasSharp.Layers;
using KerasSharp.Models;
using Newtonsoft.Json.Linq;

namespace KerasSharp.Saving;

/// <summary>
/// A functional model's config, in Keras 2.2.4's layout (engine/network.py <c>get_config</c>: each layer's
/// <c>inbound_nodes</c> as <c>[layer_name, node_index, tensor_index, kwargs]</c> for each input of each call) or Keras 3's
/// (module/registered_name wrappers, calls as <c>{"args": [keras tensors], "kwargs": {...}}</c>). Node indices count
/// only the calls that belong to this model; a model used as a layer counts its own graph as node 0, as Keras does
/// (Keras 3 does not for a Sequential).
/// </summary>
internal static class FunctionalConfig
{
    public static JObject Write(Model model, Graph graph, bool keras3 = false)
    {
        var kept = new Dictionary<Node, int>();
        foreach (var layer in graph.Layers)
        {
            var index = NodeOffset(layer, keras3);
            foreach (var node in layer.InboundNodesList.Where(graph.Contains)) kept[node] = index++;
        }
        JArray Coordinates(KerasTensor t) => new(t.Layer.Name, kept[t.Node], t.Index);
        JToken Call(Node node)
        {
            var kwargs = node.Training is bool training ? new JObject { ["training"] = training } : new JObject();
            if (!keras3) return new JArray(node.Inputs.Select(t => { var c = Coordinates(t); c.Add(kwargs.DeepClone()); return c; }));
            var tensors = node.Inputs.Select(t => (JToken)new JObject
            {
                ["class_name"] = "__keras_tensor__",
                ["config"] = new JObject { ["shape"] = KerasConfig.ToToken(t.Shape), ["dtype"] = t.Dtype, ["keras_history"] = Coordinates(t) },
            }).ToList();
            return new JObject { ["args"] = node.Inputs.Count == 1 ? new JArray(tensors[0]) : new JArray(new JArray(tensors)), ["kwargs"] = kwargs };
        }
        var layers = new JArray(graph.Layers.Select(layer =>
        {
            var entry = keras3 ? Keras3Entry(layer) : new JObject { ["name"] = layer.Name, ["class_name"] = ClassName(layer), ["config"] = LayerConfig(layer) };
            if (keras3) entry["name"] = layer.Name;
            entry["inbound_nodes"] = new JArray(layer.InboundNodesList.Where(n => graph.Contains(n) && n.Inputs.Count > 0).Select(Call));
            return entry;
        }));
        var config = new JObject { ["name"] = model.Name };
        if (keras3) config["trainable"] = model.Trainable;
        config["layers"] = layers;
        config["input_layers"] = new JArray(graph.Inputs.Select(Coordinates));
        config["output_layers"] = new JArray(graph.Outputs.Select(Coordinates));
        return config;
    }

    /// <summary>A model used as a layer counts its own graph as node 0 (Keras 2's Network, Keras 3's Functional).</summary>
    public static int NodeOffset(Layer layer, bool keras3) => layer is Model { Graph: not null } && !(keras3 && layer is Sequential) ? 1 : 0;

    public static string ClassName(Layer layer) => layer is Model model ? model.KerasClassName : KerasConfig.ClassName(layer);

    private static JObject LayerConfig(Layer layer) => layer switch
    {
        Model model => model.GetConfig(),
        // Keras 2's InputLayer takes no `trainable` (its __init__ would refuse it).
        InputLayer input => new JObject
        {
            ["batch_input_shape"] = KerasConfig.ToToken(input.BatchInputShape),
            ["dtype"] = input.Dtype,
            ["sparse"] = input.Sparse,
            ["name"] = input.Name,
        },
        _ => KerasConfig.LayerConfig(layer, null),
    };

    /// <summary>
    /// A whole model in Keras 3's form (keras@v3 serialization_lib): every object wrapped with
    /// module/class_name/config/registered_name; a Sequential lists an InputLayer with <c>batch_shape</c> first; each
    /// layer has its <c>build_config</c>.
    /// </summary>
    public static JObject Keras3(Model model)
    {
        if (model is Sequential sequential) return Keras3Sequential(sequential);
        var graph = model.Graph ?? throw new KerasException($"Model {model.Name} is a subclassed model: it has no config to save.");
        var root = Wrap("keras", "Functional", Write(model, graph, keras3: true));
        root["registered_name"] = "Functional";
        root["build_config"] = new JObject { ["input_shape"] = null };
        return root;
    }

    private static JObject Keras3Sequential(Sequential model)
    {
        var layers = new JArray();
        var input = model.ModelInputShape ?? model.Layers.FirstOrDefault()?.InputShape;
        if (input is not null)
            layers.Add(Wrap("keras.layers", "InputLayer", new JObject
            {
                ["batch_shape"] = KerasConfig.ToToken(input), ["dtype"] = "float32", ["sparse"] = false, ["name"] = "input_layer",
            }));
        foreach (var layer in model.Layers) layers.Add(Keras3Entry(layer));
        var root = Wrap("keras", "Sequential", new JObject { ["name"] = model.Name, ["trainable"] = model.Trainable, ["dtype"] = "float32", ["layers"] = layers });
        if (input is not null) root["build_config"] = new JObject { ["input_shape"] = KerasConfig.ToToken(input) };
        return root;
    }

    private static JObject Keras3Entry(Layer layer)
    {
        if (layer is Model model) return Keras3(model);
        if (layer is InputLayer input)
            return Wrap("keras.layers", "InputLayer", new JObject
            {
                ["batch_shape"] = KerasConfig.ToToken(input.BatchInputShape), ["dtype"] = input.Dtype, ["sparse"] = input.Sparse, ["name"] = input.Name,
            });
        var config = KerasConfig.LayerConfig(layer, null);
        config["dtype"] = layer.Dtype;
        var entry = Wrap("keras.layers", KerasConfig.ClassName(layer), config);
        if (layer.InputShapes is { } shapes)
            entry["build_config"] = new JObject { ["input_shape"] = shapes.Count == 1 ? KerasConfig.ToToken(shapes[0]) : new JArray(shapes.Select(s => KerasConfig.ToToken(s))) };
        return entry;
    }

    private static JObject Wrap(string module, string className, JObject config) =>
        new() { ["module"] = module, ["class_name"] = className, ["config"] = config, ["registered_name"] = null };
}
