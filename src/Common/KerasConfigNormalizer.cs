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

    private static void RefuseKeras1(JObject root)
    {
        var version = (string?)root["keras_version"];
        var keras1Key = root.Descendants().OfType<JProperty>().FirstOrDefault(p => Array.IndexOf(Keras1Keys, p.Name) >= 0);
        if (version?.StartsWith("1.", StringComparison.Ordinal) == true || keras1Key is not null)
            throw new KerasJsonException($"model_from_json: this is a Keras 1 model (keras_version {version ?? "missing"}; Keras 1 names such as nb_filter/output_dim). Keras 1 files are not supported: load and save the model with Keras 2 first.",
                keras1Key ?? (JToken?)root.Property("keras_version") ?? root, keras1: true);
    }
}
