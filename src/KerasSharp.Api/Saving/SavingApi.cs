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
/// </summary>
public static class SavingApi
{
    /// <summary>
    /// <c>keras.models.model_from_json</c>: a Sequential model from the JSON of any Keras 2 or 3 version (list or dict
    /// config, with or without an InputLayer entry, Keras 3 wrappers). Keras 1 files are refused. Keys a layer does
    /// not take are ignored with a warning; an unknown layer class is an error naming the class and the layer.
    /// </summary>
    public static Sequential ModelFromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var (name, layers) = LayersFromJson(json);
        var model = new Sequential(name: name);
        foreach (var layer in layers) model.Add(layer);
        return model;
    }

    /// <summary>
    /// Checks that <paramref name="filepath"/> names a file to read: null, a folder (such as a TensorFlow SavedModel,
    /// which KerasSharp does not read) and a missing file each get their own error.
    /// </summary>
    internal static void ModelFile(string filepath, string what)
    {
        ArgumentNullException.ThrowIfNull(filepath);
        if (System.IO.Directory.Exists(filepath))
            throw new System.IO.IOException($"{filepath} is a folder, not a {what} file. KerasSharp reads Keras's HDF5 (.h5) and .keras files; a TensorFlow SavedModel folder is not supported.");
        if (!System.IO.File.Exists(filepath)) throw new System.IO.FileNotFoundException($"No such {what} file: {filepath}", filepath);
    }

    /// <summary>The model name and its layers (not yet built) as <see cref="ModelFromJson"/> reads them.</summary>
    internal static (string? Name, List<Layer> Layers) LayersFromJson(string json)
    {
        JObject root;
        try
        {
            root = JObject.Parse(json);
        }
        catch (JsonReaderException e)
        {
            throw new KerasException($"model_from_json: the text is not valid JSON ({e.Message}).", e);
        }
        // A functional chain arrives here already as a Sequential layer list (see KerasConfigNormalizer).
        var (_, name, entries) = KerasConfigNormalizer.Model(root);
        var layers = new List<Layer>();
        for (int i = 0; i < entries.Count; i++)
        {
            var (layerClass, config, _) = entries[i];
            var layerName = (string?)config["name"] ?? $"#{i}";
            var type = ObjectRegistry.Layer(layerClass)
                ?? throw new KerasException($"model_from_json: unknown layer class '{layerClass}' (layer '{layerName}'). Known: {string.Join(", ", ObjectRegistry.LayerClassNames.OrderBy(n => n))}. Custom layers need [KerasLayer] and ObjectRegistry.Register.");
            // Keras ignores an input shape on any but the first layer (an InputLayer entry counts as the first).
            if (i > 0)
                foreach (var key in new[] { "batch_input_shape", "input_shape" }) config.Remove(key);
            layers.Add((Layer)KerasConfig.Create(type, config, $"layer '{layerName}' ({layerClass})", key =>
            {
                if (!KerasConfigNormalizer.SilentlyIgnored.Contains(key))
                    Console.Error.WriteLine($"UserWarning: layer '{layerName}' ({layerClass}): ignoring the config key `{key}`.");
            }));
        }
        return (name, layers);
    }

    /// <summary>
    /// <c>keras.models.load_model(filepath)</c>: a whole model from an HDF5 file (Keras 2 and 3 legacy layout) or a
    /// Keras 3 <c>.keras</c> zip, told apart by their first bytes (tf.keras 2.x wrote HDF5 files named .keras). A file
    /// with a training config comes back compiled, with its optimizer state, so training resumes where it stopped.
    /// </summary>
    public static Sequential LoadModel(string filepath)
    {
        ModelFile(filepath, "model");
        var head = new byte[8];
        using (var stream = System.IO.File.OpenRead(filepath)) stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        try
        {
            if (head[0] == (byte)'P' && head[1] == (byte)'K') return KerasZipFormat.Load(filepath);
            if (head.AsSpan().SequenceEqual(new byte[] { 0x89, (byte)'H', (byte)'D', (byte)'F', 0x0D, 0x0A, 0x1A, 0x0A }))
            {
                using (var probe = PureHDF.H5File.OpenRead(filepath))
                    if (!ModelH5Format.IsModelFile(probe))
                        throw new KerasException($"{filepath} is an HDF5 file without a model_config: a weights file (use LoadWeights on a model) or not a Keras file.");
                return ModelH5Format.Load(filepath);
            }
        }
        catch (Exception e) when (e is not KerasException)
        {
            throw new KerasException($"Could not read the model file {filepath}: it is truncated or not a Keras file ({e.Message}).", e);
        }
        throw new KerasException($"{filepath} is neither an HDF5 file nor a .keras zip (its first bytes are {Convert.ToHexString(head)}).");
    }
}
