using System;
using System.Collections.Generic;
using System.Linq;
using Newtonsoft.Json.Linq;

namespace KerasSharp.Saving;

/// <summary>
/// Every difference between the JSON of Keras 2.0 … 3.x (see ../shared/reference/keras-formats.md §1), folded into
/// one shape before binding: the Sequential config as a list of {class_name, config} entries, Keras 3's
/// module/registered_name/build_config wrappers and DTypePolicy objects dropped, <c>batch_shape</c> read as
/// <c>batch_input_shape</c>, tf.keras's BatchNormalization <c>axis: [3]</c> read as <c>3</c>. Shared as source by
/// <c>model_from_json</c> and the model generator, so both accept exactly the same files.
/// </summary>
internal static class KerasConfigNormalizer
{
    /// <summary>Layer config keys that Keras versions write but that change nothing here.</summary>
    public static readonly string[] SilentlyIgnored = { "build_config", "module", "registered_name", "shared_object_id" };

    /// <summary>Config keys that only Keras 1 wrote.</summary>
    private static readonly string[] Keras1Keys = { "nb_filter", "output_dim", "border_mode", "dim_ordering", "nb_row" };

    /// <summary>
    /// The model's class name and its layers: class name, normalised config (a copy) and the entry it came from.
    /// Keras 1 files are refused.
    /// </summary>
    public static (string ClassName, string? Name, List<(string ClassName, JObject Config, JObject Entry)> Layers) Model(JObject root)
    {
        RefuseKeras1(root);
        var className = (string?)root["class_name"] ?? throw new KerasJsonException("The model JSON has no `class_name`.", root);
        var config = root["config"] ?? throw new KerasJsonException("The model JSON has no `config`.", root);
        if (className is "Model" or "Functional")
        {
            var graph = config as JObject ?? throw new KerasJsonException($"The {className} model `config` is not a dict.", config);
            return (className, (string?)graph["name"], Chain(graph));
        }
        if (className != "Sequential")
            throw new KerasJsonException($"model_from_json: unknown model class '{className}'.", root["class_name"]);
        var layers = config switch
        {
            JArray list => list, // Keras 2.0 – 2.2.2
            JObject dict => dict["layers"] as JArray ?? throw new KerasJsonException("The model config has no `layers` list.", dict),
            _ => throw new KerasJsonException("The model `config` is neither a list nor a dict.", config),
        };
        var name = (config as JObject)?["name"]?.ToString();
        return (className, name, layers.OfType<JObject>().Select(Layer).ToList());
    }

    /// <summary>
    /// A functional model whose graph is a chain (one input, each layer called once on the previous layer's output)
    /// as the equivalent Sequential layer list; any other graph is refused with a clear message.
    /// </summary>
    private static List<(string, JObject, JObject)> Chain(JObject config)
    {
        var entries = (config["layers"] as JArray)?.OfType<JObject>().ToList() ?? throw new KerasJsonException("The functional model config has no `layers` list.", config);
        var byName = entries.ToDictionary(e => (string)e["name"]! ?? (string)e["config"]!["name"]!);
        string? Inbound(JObject entry)
        {
            var nodes = entry["inbound_nodes"] as JArray;
            if (nodes is null || nodes.Count == 0) return null;
            if (nodes.Count > 1) throw NotAChain($"layer '{entry["name"]}' is called more than once (shared layer)", nodes);
            var node = nodes[0];
            // Keras 2: [[name, node, tensor, kwargs], ...]; Keras 3: {"args": [{"config": {"keras_history": [name, ...]}}]}.
            var args = node is JArray list ? list.Select(t => (string?)t[0]).ToList()
                : (node["args"] as JArray)?.Select(a => (string?)a["config"]?["keras_history"]?[0]).ToList() ?? new List<string?>();
            if (args.Count != 1) throw NotAChain($"layer '{entry["name"]}' has {args.Count} inputs", node);
            return args[0];
        }
        var inputs = entries.Where(e => Inbound(e) is null).ToList();
        if (inputs.Count != 1) throw NotAChain($"it has {inputs.Count} inputs", config["layers"]);
        var ordered = new List<JObject> { inputs[0] };
        while (true)
        {
            var current = (string)ordered[ordered.Count - 1]["name"]!;
            var next = entries.Where(e => Inbound(e) == current).ToList();
            if (next.Count == 0) break;
            if (next.Count > 1) throw NotAChain($"layer '{current}' feeds {next.Count} layers", ordered[ordered.Count - 1]);
            ordered.Add(next[0]);
        }
        if (ordered.Count != entries.Count) throw NotAChain("some layers are not on the path from the input to the output", config["layers"]);
        return ordered.Select(Layer).ToList();
    }

    /// <summary>One input of a layer call in a functional config: the layer, its call and its output read.</summary>
    public sealed class InboundTensor
    {
        public InboundTensor(string layer, int node, int tensor, JObject kwargs, JToken? at = null)
        {
            Layer = layer;
            Node = node;
            Tensor = tensor;
            Kwargs = kwargs;
            At = at;
        }

        public string Layer { get; }
        public int Node { get; }
        public int Tensor { get; }

        /// <summary>The call's keyword arguments (<c>training</c>, <c>mask</c>...).</summary>
        public JObject Kwargs { get; }

        /// <summary>The layer name's token in the file (where the generator reports a reference to no layer).</summary>
        public JToken? At { get; }
    }

    /// <summary>A layer of a functional config: class, normalised config, and each of its calls' inputs.</summary>
    public sealed class GraphLayer
    {
        public GraphLayer(string className, JObject config, JObject entry, string name, List<List<InboundTensor>> calls)
        {
            ClassName = className;
            Config = config;
            Entry = entry;
            Name = name;
            Calls = calls;
        }

        public string ClassName { get; }
        public JObject Config { get; }
        public JObject Entry { get; }
        public string Name { get; }
        public List<List<InboundTensor>> Calls { get; }
    }

    /// <summary>Whether a root or layer entry is a model (Keras 2's Model, tf.keras's Functional, or a Sequential).</summary>
    public static bool IsModel(string className) => className == "Model" || className == "Functional" || className == "Sequential";

    /// <summary>
    /// A functional config (Keras 2.x and tf.keras <c>[[name, node, tensor, kwargs], ...]</c> calls, or Keras 3's
    /// <c>{"args": [...keras_history...], "kwargs": {...}}</c>) as layers with their calls, and the model's input and
    /// output tensors. Node indices are as written: a nested model counts its own graph as node 0 (Keras 2, tf.keras, and
    /// Keras 3's functional models; not Keras 3's Sequential).
    /// </summary>
    public static (string? Name, List<GraphLayer> Layers, List<InboundTensor> Inputs, List<InboundTensor> Outputs) Graph(JObject config)
    {
        var entries = (config["layers"] as JArray)?.OfType<JObject>().ToList() ?? throw new KerasJsonException("The functional model config has no `layers` list.", config);
        var layers = new List<GraphLayer>();
        foreach (var entry in entries)
        {
            var (className, layerConfig, _) = Layer(entry);
            var name = (string?)entry["name"] ?? (string?)layerConfig["name"] ?? throw new KerasJsonException("A layer entry of the functional model has no `name`.", entry);
            var calls = new List<List<InboundTensor>>();
            foreach (var node in (entry["inbound_nodes"] as JArray) ?? new JArray())
                calls.Add(Call(node, name));
            layers.Add(new GraphLayer(className, layerConfig, entry, name, calls));
        }
        return ((string?)config["name"], layers, Coordinates(config, "input_layers"), Coordinates(config, "output_layers"));
    }

    private static List<InboundTensor> Call(JToken node, string layer)
    {
        if (node is JArray keras2)
            return keras2.Select(t => t is JArray item && item.Count >= 3
                ? new InboundTensor((string)item[0]!, (int)item[1], (int)item[2], item.Count > 3 && item[3] is JObject kwargs ? kwargs : new JObject(), item[0])
                : throw new KerasJsonException($"Layer '{layer}': an inbound node entry is not [layer_name, node_index, tensor_index, kwargs].", t)).ToList();
        if (node is JObject keras3)
        {
            var kwargs = keras3["kwargs"] as JObject ?? new JObject();
            var history = new List<JToken>();
            void Collect(JToken? token)
            {
                if (token is JObject { } obj && obj["config"]?["keras_history"] is JArray h) history.Add(h);
                else if (token is JArray list) foreach (var item in list) Collect(item);
            }
            Collect(keras3["args"]);
            // Keras 3 passes tensors as keyword arguments too (e.g. `mask`); those are not inputs here.
            return history.Select(h => new InboundTensor((string)h[0]!, (int)h[1]!, (int)h[2]!, kwargs, h[0])).ToList();
        }
        throw new KerasJsonException($"Layer '{layer}': an inbound node is neither a Keras 2 list nor a Keras 3 dict.", node);
    }

    /// <summary><c>input_layers</c>/<c>output_layers</c>: a list of [name, node, tensor], or one such triple (Keras 3, one tensor).</summary>
    private static List<InboundTensor> Coordinates(JObject config, string key)
    {
        if (config[key] is not JArray list) throw new KerasJsonException($"The functional model config has no `{key}` list.", config[key] ?? config);
        if (list.Count == 3 && list[0].Type == JTokenType.String)
            return new List<InboundTensor> { new((string)list[0]!, (int)list[1], (int)list[2], new JObject(), list[0]) };
        return list.Select(t => t is JArray c && c.Count == 3 ? new InboundTensor((string)c[0]!, (int)c[1], (int)c[2], new JObject(), c[0])
            : throw new KerasJsonException($"`{key}` holds an entry that is not [layer_name, node_index, tensor_index].", t)).ToList();
    }

    /// <summary>Whether a model entry (or a file's root) was written by Keras 3: its <c>module</c> wrapper, or its keras_version.</summary>
    public static bool IsKeras3(JObject entry) =>
        entry["module"] is not null || ((string?)entry["keras_version"])?.StartsWith("3.", StringComparison.Ordinal) == true;

    /// <summary>
    /// How many nodes of a layer's <c>inbound_nodes</c> numbering come before its calls in a functional model: 1 for a
    /// nested model (its own graph is node 0), except a Sequential in a Keras 3 file; 0 for any other layer.
    /// </summary>
    public static int NodeOffset(string className, bool keras3) =>
        IsModel(className) && !(keras3 && className == "Sequential") ? 1 : 0;

    /// <summary>A layer of a model in <see cref="Structure"/>'s order, with its line.</summary>
    public sealed class StructureItem
    {
        public StructureItem(string className, string name, JObject config, JObject entry, int sequentialIndex)
        {
            ClassName = className;
            Name = name;
            Config = config;
            Entry = entry;
            SequentialIndex = sequentialIndex;
        }

        public string ClassName { get; }
        public string Name { get; }

        /// <summary>The normalised config (a copy).</summary>
        public JObject Config { get; }
        public JObject Entry { get; }

        /// <summary>The layer's place in the Sequential model that holds it (-1 in a functional model).</summary>
        public int SequentialIndex { get; }

        public bool IsModel => KerasConfigNormalizer.IsModel(ClassName);

        /// <summary>The layer's part of the structure: <c>layer</c> or the nested model's kind, then its calls.</summary>
        public string Line { get; internal set; } = "";
    }

    /// <summary>
    /// A model's structure with the names left out: one line for the model (<c>Sequential</c>, or <c>Model</c> with its
    /// inputs and outputs), then one per layer in pre-order (a nested model's layers right after it): <c>layer</c> or
    /// the nested model's line, then each call as the tensors it reads, <c>(layer:call:output, ...)</c>, layers
    /// numbered in that order from 0, calls counted without a nested model's own graph. Two files with equal lines
    /// describe the same graph, names aside, whichever Keras wrote them: a class generated from a functional model
    /// keeps its file's lines, and its FromJson compares them with the lines of the JSON it reads. Also returns the
    /// model's name and its layers in that order.
    /// </summary>
    public static (string? Name, List<string> Lines, List<StructureItem> Layers) Structure(JObject root)
    {
        RefuseKeras1(root);
        var items = new List<StructureItem>();
        var (name, line) = StructureOf(root, items);
        var lines = new List<string> { line };
        lines.AddRange(items.Select(i => i.Line));
        return (name, lines, items);
    }

    private static (string? Name, string Line) StructureOf(JObject entry, List<StructureItem> items)
    {
        var className = (string?)entry["class_name"] ?? throw new KerasJsonException("The model JSON has no `class_name`.", entry);
        if (className == "Sequential")
        {
            var (_, sequentialName, sequentialLayers) = Model(entry);
            for (int i = 0; i < sequentialLayers.Count; i++)
            {
                var (layerClass, config, layerEntry) = sequentialLayers[i];
                var item = new StructureItem(layerClass, (string?)config["name"] ?? $"#{i}", config, layerEntry, i);
                items.Add(item);
                item.Line = item.IsModel ? StructureOf(layerEntry, items).Line : "layer";
            }
            return (sequentialName, "Sequential");
        }
        if (className is not ("Model" or "Functional"))
            throw new KerasJsonException($"model_from_json: unknown model class '{className}'.", entry["class_name"]);
        var graph = entry["config"] as JObject ?? throw new KerasJsonException($"The {className} model `config` is not a dict.", entry["config"]);
        var keras3 = IsKeras3(entry);
        var (name, layers, inputs, outputs) = Graph(graph);
        var index = new Dictionary<string, int>();
        var own = new List<(GraphLayer Layer, StructureItem Item, string Kind)>();
        foreach (var layer in layers)
        {
            var item = new StructureItem(layer.ClassName, layer.Name, layer.Config, layer.Entry, -1);
            index[layer.Name] = items.Count;
            items.Add(item);
            own.Add((layer, item, item.IsModel ? StructureOf(layer.Entry, items).Line : "layer"));
        }
        string Tensor(InboundTensor at) =>
            index.TryGetValue(at.Layer, out var i)
                ? $"{i}:{at.Node - NodeOffset(items[i].ClassName, keras3)}:{at.Tensor}"
                : throw new KerasJsonException($"model_from_json: a layer call reads from layer '{at.Layer}', which the model does not have.", at.At);
        foreach (var (layer, item, kind) in own)
        {
            var calls = layer.Calls.Select(call =>
            {
                var training = call.Select(c => c.Kwargs["training"]).FirstOrDefault(t => t is { Type: JTokenType.Boolean });
                return "(" + string.Join(", ", call.Select(Tensor)) + (training is null ? "" : $", training={((bool)training ? "true" : "false")}") + ")";
            });
            item.Line = string.Join(" ", new[] { kind }.Concat(calls));
        }
        return (name, $"Model inputs [{string.Join(", ", inputs.Select(Tensor))}] outputs [{string.Join(", ", outputs.Select(Tensor))}]");
    }

    private static KerasJsonException NotAChain(string why, JToken? at) =>
        new($"model_from_json: functional models whose graph is not a simple chain are not supported yet: {why}.", at);

    private static (string, JObject, JObject) Layer(JObject entry)
    {
        var className = (string?)entry["class_name"] ?? throw new KerasJsonException($"A layer entry has no `class_name`: {entry.ToString(Newtonsoft.Json.Formatting.None)}", entry);
        var config = (JObject?)entry["config"]?.DeepClone() ?? new JObject();
        if (config["dtype"] is JObject policy)
        {
            var dtype = (string?)policy["config"]?["name"];
            // A mixed-precision policy's variables are float32: the model is float32 here.
            config["dtype"] = dtype is "mixed_float16" or "mixed_bfloat16" ? "float32" : dtype;
        }
        if (config["batch_shape"] is { } batchShape && config["batch_input_shape"] is null)
        {
            config["batch_input_shape"] = batchShape;
            config.Remove("batch_shape");
        }
        if (config["axis"] is JArray { Count: 1 } axis) config["axis"] = axis[0];
        return (className, config, entry);
    }

    /// <summary>Keras 2's Embedding keeps Keras 1's <c>output_dim</c> name.</summary>
    private static bool IsEmbeddingOutputDim(JProperty property) =>
        property.Name == "output_dim" && property.Parent?.Parent?.Parent is JObject entry && (string?)entry["class_name"] == "Embedding";

    public static void RefuseKeras1(JObject root)
    {
        var version = (string?)root["keras_version"];
        var keras1Key = root.Descendants().OfType<JProperty>().FirstOrDefault(p => Array.IndexOf(Keras1Keys, p.Name) >= 0 && !IsEmbeddingOutputDim(p));
        if (version?.StartsWith("1.", StringComparison.Ordinal) == true || keras1Key is not null)
            throw new KerasJsonException($"model_from_json: this is a Keras 1 model (keras_version {version ?? "missing"}; Keras 1 names such as nb_filter/output_dim). Keras 1 files are not supported: load and save the model with Keras 2 first.",
                keras1Key ?? (JToken?)root.Property("keras_version") ?? root, keras1: true);
    }
}
