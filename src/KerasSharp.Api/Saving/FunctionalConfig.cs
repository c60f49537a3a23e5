using System.Collections.Generic;
using System.Linq;
using KerasSharp.Layers;
using KerasSharp.Models;
using Newtonsoft.Json.Linq;

namespace KerasSharp.Saving;

/// <summary>
/// A functional model's config in Keras 2.2.4's layout (engine/network.py <c>get_config</c>): <c>name</c>, one entry per
/// layer in <c>model.layers</c> order with its <c>inbound_nodes</c> (<c>[layer_name, node_index, tensor_index, kwargs]</c>
/// for each input of each call), <c>input_layers</c> and <c>output_layers</c>. Node indices count only the calls that
/// belong to this model; a model used as a layer counts its own graph as node 0, as Keras does.
/// </summary>
internal static class FunctionalConfig
{
    public static JObject Write(Model model, Graph graph)
    {
        var kept = new Dictionary<Node, int>();
        foreach (var layer in graph.Layers)
        {
            var index = NodeOffset(layer);
            foreach (var node in layer.InboundNodesList.Where(graph.Contains)) kept[node] = index++;
        }
        JArray Coordinates(KerasTensor t) => new(t.Layer.Name, kept[t.Node], t.Index);
        var layers = new JArray(graph.Layers.Select(layer => new JObject
        {
            ["name"] = layer.Name,
            ["class_name"] = ClassName(layer),
            ["config"] = LayerConfig(layer),
            ["inbound_nodes"] = new JArray(layer.InboundNodesList.Where(n => graph.Contains(n) && n.Inputs.Count > 0).Select(node =>
            {
                var kwargs = node.Training is bool training ? new JObject { ["training"] = training } : new JObject();
                return new JArray(node.Inputs.Select(t => { var c = Coordinates(t); c.Add(kwargs.DeepClone()); return c; }));
            })),
        }));
        return new JObject
        {
            ["name"] = model.Name,
            ["layers"] = layers,
            ["input_layers"] = new JArray(graph.Inputs.Select(Coordinates)),
            ["output_layers"] = new JArray(graph.Outputs.Select(Coordinates)),
        };
    }

    /// <summary>A model used as a layer counts its own graph as its node 0 (Keras 2's Network), so its calls start at 1.</summary>
    public static int NodeOffset(Layer layer) => layer is Model { Graph: not null } ? 1 : 0;

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
}
