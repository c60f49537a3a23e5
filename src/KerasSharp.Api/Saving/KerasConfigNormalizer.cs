using System.Collections.Generic;
using System.Linq;
using Newtonsoft.Json.Linq;

namespace KerasSharp.Saving;

/// <summary>
/// Every difference between the JSON of Keras 2.0 … 3.x (see ../shared/reference/keras-formats.md §1), folded into
/// one shape before binding: the Sequential config as a list of {class_name, config} entries, Keras 3's
/// module/registered_name/build_config wrappers and DTypePolicy objects dropped, <c>batch_shape</c> read as
/// <c>batch_input_shape</c>, tf.keras's BatchNormalization <c>axis: [3]</c> read as <c>3</c>.
/// </summary>
internal static class KerasConfigNormalizer
{
    /// <summary>The model's class name and its layer entries, normalised.</summary>
    public static (string ClassName, string? Name, List<(string ClassName, JObject Config)> Layers) Model(JObject root)
    {
        var className = (string?)root["class_name"] ?? throw new KerasException("The model JSON has no `class_name`.");
        var config = root["config"] ?? throw new KerasException("The model JSON has no `config`.");
        if (className is "Model" or "Functional") return (className, (string?)config["name"], Chain((JObject)config));
        var layers = config switch
        {
            JArray list => list, // Keras 2.0 – 2.2.2
            JObject dict => dict["layers"] as JArray ?? throw new KerasException("The model config has no `layers` list."),
            _ => throw new KerasException("The model `config` is neither a list nor a dict."),
        };
        var name = (config as JObject)?["name"]?.ToString();
        return (className, name, layers.OfType<JObject>().Select(Layer).ToList());
    }

    /// <summary>
    /// A functional model whose graph is a chain (one input, each layer called once on the previous layer's output)
    /// as the equivalent Sequential layer list; any other graph is refused with a clear message.
    /// </summary>
    private static List<(string, JObject)> Chain(JObject config)
    {
        var entries = (config["layers"] as JArray)?.OfType<JObject>().ToList() ?? throw new KerasException("The functional model config has no `layers` list.");
        var byName = entries.ToDictionary(e => (string)e["name"]! ?? (string)e["config"]!["name"]!);
        string? Inbound(JObject entry)
        {
            var nodes = entry["inbound_nodes"] as JArray;
            if (nodes is null || nodes.Count == 0) return null;
            if (nodes.Count > 1) throw NotAChain($"layer '{entry["name"]}' is called more than once (shared layer)");
            var node = nodes[0];
            // Keras 2: [[name, node, tensor, kwargs], ...]; Keras 3: {"args": [{"config": {"keras_history": [name, ...]}}]}.
            var args = node is JArray list ? list.Select(t => (string?)t[0]).ToList()
                : (node["args"] as JArray)?.Select(a => (string?)a["config"]?["keras_history"]?[0]).ToList() ?? new List<string?>();
            if (args.Count != 1) throw NotAChain($"layer '{entry["name"]}' has {args.Count} inputs");
            return args[0];
        }
        var inputs = entries.Where(e => Inbound(e) is null).ToList();
        if (inputs.Count != 1) throw NotAChain($"it has {inputs.Count} inputs");
        var ordered = new List<JObject> { inputs[0] };
        while (true)
        {
            var current = (string)ordered[^1]["name"]!;
            var next = entries.Where(e => Inbound(e) == current).ToList();
            if (next.Count == 0) break;
            if (next.Count > 1) throw NotAChain($"layer '{current}' feeds {next.Count} layers");
            ordered.Add(next[0]);
        }
        if (ordered.Count != entries.Count) throw NotAChain("some layers are not on the path from the input to the output");
        return ordered.Select(Layer).ToList();
    }

    private static KerasException NotAChain(string why) =>
        new($"model_from_json: functional models whose graph is not a simple chain are not supported yet: {why}.");

    private static (string, JObject) Layer(JObject entry)
    {
        var className = (string?)entry["class_name"] ?? throw new KerasException($"A layer entry has no `class_name`: {entry.ToString(Newtonsoft.Json.Formatting.None)}");
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
        return (className, config);
    }
}
