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
        var layers = config switch
        {
            JArray list => list, // Keras 2.0 – 2.2.2
            JObject dict => dict["layers"] as JArray ?? throw new KerasException("The model config has no `layers` list."),
            _ => throw new KerasException("The model `config` is neither a list nor a dict."),
        };
        var name = (config as JObject)?["name"]?.ToString();
        return (className, name, layers.OfType<JObject>().Select(Layer).ToList());
    }

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
