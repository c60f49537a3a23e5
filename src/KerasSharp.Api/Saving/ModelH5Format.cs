using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using KerasSharp.Losses;
using KerasSharp.Models;
using KerasSharp.Optimizers;
using Newtonsoft.Json.Linq;
using PureHDF;
using static TorchSharp.torch;

namespace KerasSharp.Saving;

/// <summary>
/// Keras 2's whole-model HDF5 file (keras@2.3.1 engine/saving.py): root attributes <c>model_config</c> and
/// <c>training_config</c> (JSON), the weights under <c>model_weights</c> in the legacy layout, and the optimizer's
/// state under <c>optimizer_weights</c> in Keras's order (iterations, then the slots), so training resumes exactly.
/// </summary>
internal static class ModelH5Format
{
    public static void Save(Model model, string path)
    {
        var root = new H5File();
        root.Attributes["keras_version"] = Model.WrittenKerasVersion;
        root.Attributes["backend"] = "tensorflow";
        root.Attributes["model_config"] = ScalarStringAttributes.Encode("model_config", KerasConfig.ToPythonJson(new JObject { ["class_name"] = model.KerasClassName, ["config"] = model.GetConfig() }), path);
        var weights = new H5Group();
        LegacyH5Format.Fill(weights, model);
        root["model_weights"] = weights;
        var longest = LegacyH5Format.LongestString(model);
        if (model.Optimizer is { } optimizer && model.Compiled is { } compiled)
        {
            var (loss, lossWeights, metrics, weightedMetrics) = compiled.Keras2Arguments();
            var training = new JObject
            {
                ["optimizer_config"] = KerasConfig.Serialize(optimizer),
                ["loss"] = loss,
                ["metrics"] = metrics,
                ["weighted_metrics"] = weightedMetrics,
                ["sample_weight_mode"] = null,
                ["loss_weights"] = lossWeights,
            };
            root.Attributes["training_config"] = ScalarStringAttributes.Encode("training_config", KerasConfig.ToPythonJson(training), path);
            var values = optimizer.GetWeights(model.TrainableWeights);
            var name = optimizer.GetType().Name;
            var names = values.Select((_, i) => i == 0 ? $"{name}/iterations:0" : $"training/{name}/Variable_{i}:0").ToArray();
            longest = Math.Max(longest, names.Max(Encoding.UTF8.GetByteCount));
            var group = new H5Group { Attributes = { ["weight_names"] = names } };
            for (int i = 0; i < values.Length; i++)
            {
                using var v = values[i];
                H5Paths.Put(group, names[i], H5Datasets.Write(v));
            }
            root["optimizer_weights"] = group;
        }
        // Every string is fixed-length, so Keras 2's `.decode` works under h5py 2 and 3: the names NULL-terminated at
        // the longest name's width (one width per file in PureHDF), the JSON attributes each at its own size.
        var json = new[] { "model_config", "training_config" }.Where(root.Attributes.ContainsKey).ToArray();
        AtomicFile.Write(path, tmp =>
        {
            root.Write(tmp, new H5WriteOptions(DefaultStringLength: longest + 1));
            ScalarStringAttributes.Rewrite(tmp, json);
        });
    }

    public static bool IsModelFile(IH5Group file) => file.AttributeExists("model_config");

    /// <summary>
    /// A whole-model file's weights, the legacy layout under <c>model_weights</c> (Keras 2's <c>load_weights</c> takes
    /// that group when the root has no <c>layer_names</c>); null for any other file.
    /// </summary>
    public static IH5Group? Weights(IH5Group file) =>
        IsModelFile(file) && file.LinkExists("model_weights") && !LegacyH5Format.IsWeightsGroup(file) ? file.Group("model_weights") : null;

    /// <summary>Rebuilds, loads the weights and, when the file has a training_config, compiles with the optimizer state.</summary>
    public static Model Load(IH5Group file, string path)
    {
        var model = SavingApi.ModelFromJson(H5Attributes.ReadString(file, "model_config")!);
        LegacyH5Format.Load(model, Weights(file) ?? file, file, path, byName: false, skipMismatch: false);
        if (!file.AttributeExists("training_config")) return model;
        JObject training;
        try
        {
            training = JObject.Parse(H5Attributes.ReadString(file, "training_config")!);
        }
        catch (Newtonsoft.Json.JsonReaderException e)
        {
            throw new KerasException($"{path}: training_config is not valid JSON ({e.Message}).", e);
        }
        TrainingConfig.Compile(model, training, $"{path}: training_config");
        var optimizer = model.Optimizer!;
        if (file.LinkExists("optimizer_weights"))
        {
            using var scope = TorchSharp.torch.NewDisposeScope();
            var group = file.Group("optimizer_weights");
            var values = H5Attributes.ReadStrings(group, "weight_names").Select(name => H5Datasets.ReadTensor(group.Dataset(name))).ToList();
            try
            {
                optimizer.SetWeights(model.TrainableWeights, values);
            }
            catch (KerasException e)
            {
                // Keras too warns and starts from a fresh optimizer when the saved state does not fit.
                Console.Error.WriteLine($"UserWarning: {path}: the saved optimizer state could not be restored ({e.Message}); the optimizer starts fresh.");
            }
        }
        return model;
    }
}
