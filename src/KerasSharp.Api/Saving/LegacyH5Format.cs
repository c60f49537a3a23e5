using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using KerasSharp.Models;
using PureHDF;
using static TorchSharp.torch;

namespace KerasSharp.Saving;

/// <summary>
/// Keras 2's HDF5 weights layout (keras@2.2.4 engine/saving.py, the legacy format of later versions): root attributes
/// <c>layer_names</c>, <c>backend</c>, <c>keras_version</c>; one group per layer with <c>weight_names</c> and the
/// datasets <c>&lt;layer&gt;/&lt;weight&gt;:0</c>. Written with PureHDF (no native HDF5).
/// </summary>
internal static class LegacyH5Format
{
    /// <summary>Writes the weights file through a temporary file renamed into place.</summary>
    public static void Save(Model model, string path)
    {
        var root = new H5File();
        Fill(root, model);
        AtomicFile.Write(path, tmp => root.Write(tmp, new H5WriteOptions(DefaultStringLength: LongestString(model) + 1)));
    }

    /// <summary>
    /// Fills <paramref name="group"/> with the layout. Strings are fixed-length (NULL-terminated) as Keras 2 wrote them, so
    /// standalone Keras 2 (which calls <c>.decode</c> on each name) reads the file; the length is sized from the data
    /// (PureHDF cuts longer strings silently).
    /// </summary>
    public static void Fill(H5Group group, Model model)
    {
        group.Attributes["layer_names"] = model.Layers.Select(l => l.Name).ToArray();
        group.Attributes["backend"] = "tensorflow";
        group.Attributes["keras_version"] = Model.WrittenKerasVersion;
        foreach (var layer in model.Layers)
        {
            var layerGroup = new H5Group();
            var weights = layer.Weights;
            // Keras writes an empty float64 array for a layer without weights.
            layerGroup.Attributes["weight_names"] = weights.Count == 0 ? Array.Empty<double>() : weights.Select(w => w.FullName).ToArray();
            // Each weight at its name's path (a model used as a layer holds its layers' weights: inner/dense_1/kernel:0).
            foreach (var w in weights) H5Paths.Put(layerGroup, w.FullName, H5Datasets.Floats(w.Value));
            group[layer.Name] = layerGroup;
        }
    }

    internal static int LongestString(Model model) =>
        model.Layers.SelectMany(l => l.Weights.Select(w => w.FullName).Append(l.Name))
            .Append(Model.WrittenKerasVersion).Append("tensorflow").Max(System.Text.Encoding.UTF8.GetByteCount);

    /// <summary>Whether <paramref name="group"/> holds this layout (its <c>layer_names</c>, possibly chunked).</summary>
    public static bool IsWeightsGroup(IH5Group group) => H5Attributes.StringsExist(group, "layer_names");

    /// <summary>
    /// Loads weights saved by any Keras 2 or 3 version in this layout from <paramref name="group"/> (a weights file's
    /// root, or a whole-model file's <c>model_weights</c>; <paramref name="file"/> is the root), in <c>weight_names</c>
    /// order, matched to the model's layers by order (or by name). A Keras 1 file (no keras_version) is refused, as
    /// docs/differences.md says, unless <paramref name="keras1Allowed"/> allows it: keras.applications' own ImageNet files are
    /// in Keras 1's layout, and load when their layers need no conversion (<see cref="SameInKeras1"/>). Every
    /// tensor is read and checked before any weight changes, so a bad file leaves the model as it was.
    /// </summary>
    public static void Load(Model model, IH5Group group, IH5Group file, string path, bool byName, bool skipMismatch, bool keras1Allowed = false)
    {
        // The read tensors are copied into the weights, then freed with this scope.
        using var scope = TorchSharp.torch.NewDisposeScope();
        if (!IsWeightsGroup(group))
            throw new KerasException($"{path} is not a Keras weights file: it has no `layer_names` attribute.");
        // Keras 2 reads a file without keras_version as Keras 1's (keras@2.2.4 saving.py).
        var keras1 = (H5Attributes.ReadString(group, "keras_version") ?? H5Attributes.ReadString(file, "keras_version")) is null;
        if (keras1 && !keras1Allowed)
            throw new KerasException($"{path} was written by Keras 1 (it has no keras_version attribute). Keras 1 weight files are not supported: load and save the model with Keras 2 first.");
        var backend = H5Attributes.ReadString(group, "backend") ?? H5Attributes.ReadString(file, "backend");
        var stored = H5Attributes.ReadStrings(group, "layer_names")
            .Select(name => (Name: name, Weights: ReadWeights(group.Group(name), name, path)))
            .Where(l => l.Weights.Count > 0).ToList();

        if (keras1 && model.Layers.FirstOrDefault(l => l.Weights.Count > 0 && !SameInKeras1(l)) is { } converted)
            throw new KerasException($"{path} was written by Keras 1 (it has no keras_version attribute), whose weights for layer '{converted.Name}' ({converted.GetType().Name}) have another layout than Keras 2's; Keras 1 files are not supported for such layers: load and save the model with Keras 2 first.");
        var assignments = new List<(KerasVariable Variable, Tensor Value)>();
        if (byName)
        {
            foreach (var layer in model.Layers.Where(l => l.Weights.Count > 0))
            {
                var match = stored.FirstOrDefault(s => s.Name == layer.Name);
                if (match.Name is null) continue;
                WeightLayout.Match(layer, match.Weights, backend, skipMismatch, assignments, path);
            }
        }
        else
        {
            var layers = model.Layers.Where(l => l.Weights.Count > 0).ToList();
            if (layers.Count != stored.Count)
                throw new KerasException($"You are trying to load a weight file containing {stored.Count} layers into a model with {layers.Count} layers ({path}).");
            for (int i = 0; i < layers.Count; i++) WeightLayout.Match(layers[i], stored[i].Weights, backend, skipMismatch, assignments, path);
        }
        foreach (var (variable, value) in assignments) variable.Assign(value);
    }

    /// <summary>
    /// Whether a layer's Keras 1 weights are already in Keras 2's layout, so a Keras 1 file loads as it is: the layers
    /// keras@2.2.4 <c>preprocess_weights_for_loading</c> leaves unconverted (convolutions only channels_last), which
    /// are those of the ImageNet files of keras.applications. Recurrent layers, Conv1D, Conv2DTranspose and wrappers
    /// are converted there and refused here.
    /// </summary>
    private static bool SameInKeras1(Layer layer) => layer switch
    {
        Layers.Conv2D or Layers.Conv3D => ((Layers.BaseConv)layer).DataFormat == "channels_last",
        Layers.Dense or Layers.SeparableConv2D or Layers.DepthwiseConv2D or Layers.BatchNormalization or Layers.Embedding => true,
        _ => false,
    };

    private static List<(string Name, Tensor Value)> ReadWeights(IH5Group layerGroup, string layer, string path)
    {
        var names = layerGroup.AttributeExists("weight_names") ? H5Attributes.ReadStrings(layerGroup, "weight_names") : new List<string>();
        return names.Select(name =>
        {
            var shortName = name.Split('/')[^1].Split(':')[0];
            return (shortName, H5Datasets.ReadFloats(layerGroup.Dataset(name)));
        }).ToList();
    }
}
