using KerasSharp.Saving;
using Newtonsoft.Json.Linq;

namespace KerasSharp.Models;

/// <summary>ToJson and the model's config (Keras 2.2.4/2.3 layout).</summary>
public abstract partial class Model
{
    /// <summary>The Keras version written in <c>to_json</c>: the layout is Keras 2.2.4's, so Keras 2 reads it as such.</summary>
    public const string WrittenKerasVersion = "2.2.4";

    /// <summary>Keras's <c>get_config</c> for the model.</summary>
    public abstract JObject GetConfig();

    /// <summary>
    /// <c>model.to_json()</c> in the Keras 2.2.4/2.3 layout: class_name, config {name, layers}, keras_version and backend
    /// (<c>tensorflow</c>: kernels are TensorFlow's cross-correlation kernels), with Python's JSON spacing.
    /// </summary>
    public string ToJson()
    {
        var envelope = new JObject
        {
            ["class_name"] = GetType().Name,
            ["config"] = GetConfig(),
            ["keras_version"] = WrittenKerasVersion,
            ["backend"] = "tensorflow",
        };
        return KerasConfig.ToPythonJson(envelope);
    }
}
