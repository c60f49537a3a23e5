using KerasSharp.Saving;
using Newtonsoft.Json.Linq;

namespace KerasSharp.Models;

/// <summary>ToJson and the model's config (Keras 2.2.4/2.3 layout).</summary>
public partial class Model
{
    /// <summary>The Keras version written in <c>to_json</c>: the layout is Keras 2.2.4's, so Keras 2 reads it as such.</summary>
    public const string WrittenKerasVersion = "2.2.4";

    /// <summary>Keras's <c>get_config</c> for the model: a functional model's layers with their connections.</summary>
    public virtual JObject GetConfig() =>
        Graph is { } graph ? FunctionalConfig.Write(this, graph)
            : throw new KerasException($"Model {Name} is a subclassed model: its config is its code. Save its weights (SaveWeights) and rebuild it in C#.");

    /// <summary>
    /// <c>model.save_weights(filepath)</c>: Keras 2's HDF5 layout (readable by Keras 2 and 3 and by h5py), or Keras 3's
    /// when the name ends in <c>.weights.h5</c>; written through a temporary file so an interrupted save leaves any
    /// old file intact.
    /// </summary>
    public void SaveWeights(string filepath) => SavingApi.SaveWeights(this, filepath);

    /// <summary>
    /// <c>model.load_weights(filepath, by_name=False, skip_mismatch=False)</c> from a Keras 2/3 HDF5 weights file,
    /// a whole-model file, a Keras 3 <c>.weights.h5</c> or a <c>.keras</c> file (recognised by content, not by name).
    /// Layers are matched in order (or by name); a shape mismatch is an error naming the layer and both shapes, unless
    /// <paramref name="skip_mismatch"/> (with <paramref name="by_name"/>) skips that layer.
    /// </summary>
    public void LoadWeights(string filepath, bool by_name = false, bool skip_mismatch = false) =>
        SavingApi.LoadWeights(this, filepath, by_name, skip_mismatch);

    /// <summary>
    /// <c>model.save(filepath)</c>: an HDF5 file with the model's config, weights, training config and optimizer
    /// state (Keras 2's layout), or a Keras 3 <c>.keras</c> zip when the name ends in <c>.keras</c>; written through a
    /// temporary file.
    /// </summary>
    public void Save(string filepath) => SavingApi.SaveModel(this, filepath);

    /// <summary>
    /// <c>model.to_json()</c> in the Keras 2.2.4/2.3 layout: class_name, config {name, layers}, keras_version and backend
    /// (<c>tensorflow</c>: kernels are TensorFlow's cross-correlation kernels), with Python's JSON spacing. With
    /// <paramref name="keras3"/>, Keras 3's layout instead (module/registered_name wrappers, an InputLayer entry,
    /// build_config), as found in a .keras file's config.json.
    /// </summary>
    public string ToJson(bool keras3 = false)
    {
        if (keras3) return KerasConfig.ToPythonJson(FunctionalConfig.Keras3(this));
        var envelope = new JObject
        {
            ["class_name"] = KerasClassName,
            ["config"] = GetConfig(),
            ["keras_version"] = WrittenKerasVersion,
            ["backend"] = "tensorflow",
        };
        return KerasConfig.ToPythonJson(envelope);
    }
}
