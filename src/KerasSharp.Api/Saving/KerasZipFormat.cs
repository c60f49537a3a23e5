using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using KerasSharp.Models;
using Newtonsoft.Json.Linq;

namespace KerasSharp.Saving;

/// <summary>
/// Keras 3's <c>.keras</c> zip (keras@v3 saving_lib.py): <c>metadata.json</c>, <c>config.json</c> (the Keras 3
/// serialisation) and <c>model.weights.h5</c> (<see cref="WeightsH5Format"/>).
/// </summary>
internal static class KerasZipFormat
{
    /// <summary>The Keras 3 layout written: layer dtypes as plain strings, as 3.0–3.3 wrote them (all 3.x read it).</summary>
    public const string WrittenKerasVersion = "3.3.3";

    public static void Save(Model model, string path)
    {
        if (model is not Sequential sequential) throw new KerasException("Only Sequential models can be saved as .keras yet.");
        var weightsFile = Path.GetTempFileName();
        try
        {
            WeightsH5Format.Save(model, weightsFile);
            AtomicFile.Write(path, tmp =>
            {
                using var zip = ZipFile.Open(tmp, ZipArchiveMode.Create);
                Text(zip, "metadata.json", KerasConfig.ToPythonJson(new JObject
                {
                    ["keras_version"] = WrittenKerasVersion,
                    ["date_saved"] = DateTime.UtcNow.ToString("yyyy-MM-dd@HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
                }));
                var config = Keras3Config(sequential);
                if (model.Optimizer is { } optimizer && model.Loss is { } loss) config["compile_config"] = CompileConfig(model, optimizer, loss);
                Text(zip, "config.json", KerasConfig.ToPythonJson(config));
                zip.CreateEntryFromFile(weightsFile, "model.weights.h5");
            });
        }
        finally
        {
            File.Delete(weightsFile);
        }
    }

    public static Sequential Load(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        var config = zip.GetEntry("config.json") ?? throw new KerasException($"{path} has no config.json: not a Keras 3 .keras file.");
        var weights = zip.GetEntry("model.weights.h5") ?? throw new KerasException($"{path} has no model.weights.h5: not a Keras 3 .keras file.");
        using var reader = new StreamReader(config.Open());
        var json = reader.ReadToEnd();
        var model = SavingApi.ModelFromJson(json);
        var tmp = Path.GetTempFileName();
        try
        {
            weights.ExtractToFile(tmp, overwrite: true);
            model.LoadWeights(tmp);
            // Keras 3 compiles from compile_config, then loads the optimizer's variables (saving_lib.py).
            if (JObject.Parse(json)["compile_config"] is JObject compile)
            {
                TrainingConfig.Compile(model, compile, $"{path}: compile_config");
                using var scope = TorchSharp.torch.NewDisposeScope();
                using var file = PureHDF.H5File.OpenRead(tmp);
                if (WeightsH5Format.OptimizerVariables(file) is { Count: > 0 } state)
                    Keras3Optimizer.Restore(model.Optimizer!, model, state, path);
            }
        }
        finally
        {
            File.Delete(tmp);
        }
        return model;
    }

    /// <summary>
    /// The Keras 3 form of a Sequential config: every object wrapped with module/class_name/config/registered_name,
    /// an InputLayer entry with <c>batch_shape</c>, and each layer's <c>build_config</c>.
    /// </summary>
    public static JObject Keras3Config(Sequential model)
    {
        var layers = new JArray();
        var input = model.ModelInputShape ?? model.Layers.FirstOrDefault()?.InputShape;
        if (input is not null)
            layers.Add(Wrap("keras.layers", "InputLayer", new JObject
            {
                ["batch_shape"] = KerasConfig.ToToken(input), ["dtype"] = "float32", ["sparse"] = false, ["name"] = "input_layer",
            }));
        foreach (var layer in model.Layers)
        {
            var config = KerasConfig.LayerConfig(layer, null);
            config["dtype"] = layer.Dtype;
            var entry = Wrap("keras.layers", KerasConfig.ClassName(layer), config);
            if (layer.InputShape is not null) entry["build_config"] = new JObject { ["input_shape"] = KerasConfig.ToToken(layer.InputShape) };
            layers.Add(entry);
        }
        var root = Wrap("keras", "Sequential", new JObject { ["name"] = model.Name, ["trainable"] = true, ["dtype"] = "float32", ["layers"] = layers });
        if (input is not null) root["build_config"] = new JObject { ["input_shape"] = KerasConfig.ToToken(input) };
        return root;
    }

    /// <summary>Keras 3's <c>compile_config</c> (Trainer.compile's arguments as keras@v3 serialises them).</summary>
    private static JObject CompileConfig(Model model, Optimizers.Optimizer optimizer, Losses.Loss loss)
    {
        JToken Functions(bool weighted)
        {
            var names = model.CompiledMetrics.Where(m => m.Weighted == weighted).Select(m => m.Function).ToList();
            return names.Count == 0 ? JValue.CreateNull() : new JArray(names);
        }
        return new JObject
        {
            ["optimizer"] = Keras3Optimizer.Config(optimizer), ["loss"] = loss.Name, ["loss_weights"] = null,
            ["metrics"] = Functions(false), ["weighted_metrics"] = Functions(true), ["run_eagerly"] = false,
            ["steps_per_execution"] = 1, ["jit_compile"] = false,
        };
    }

    private static JObject Wrap(string module, string className, JObject config) =>
        new() { ["module"] = module, ["class_name"] = className, ["config"] = config, ["registered_name"] = null };

    private static void Text(ZipArchive zip, string name, string text)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name).Open());
        writer.Write(text);
    }
}
