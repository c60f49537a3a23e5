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

    /// <summary>Written straight into the archive (no temporary file outside the target's folder).</summary>
    public static void Save(Model model, string path)
    {
        if (model is not Sequential sequential) throw new KerasException("Only Sequential models can be saved as .keras yet.");
        var config = Keras3Config(sequential);
        if (model.Optimizer is { } optimizer && model.Loss is { } loss) config["compile_config"] = CompileConfig(model, optimizer, loss);
        using var weights = new MemoryStream();
        WeightsH5Format.Build(model).Write(weights);
        AtomicFile.Write(path, tmp =>
        {
            using var zip = ZipFile.Open(tmp, ZipArchiveMode.Create);
            Text(zip, "metadata.json", KerasConfig.ToPythonJson(new JObject
            {
                ["keras_version"] = WrittenKerasVersion,
                ["date_saved"] = DateTime.UtcNow.ToString("yyyy-MM-dd@HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
            }));
            Text(zip, "config.json", KerasConfig.ToPythonJson(config));
            using var entry = zip.CreateEntry("model.weights.h5").Open();
            weights.Position = 0;
            weights.CopyTo(entry);
        });
    }

    /// <summary>Read in memory, each entry checked against its CRC-32 (a damaged archive is an error, not wrong weights).</summary>
    public static Sequential Load(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        var json = System.Text.Encoding.UTF8.GetString(Entry(zip, "config.json", path).ToArray());
        using var weights = Entry(zip, "model.weights.h5", path);
        var model = SavingApi.ModelFromJson(json);
        using var scope = TorchSharp.torch.NewDisposeScope();
        using var file = PureHDF.H5File.Open(weights, leaveOpen: true);
        WeightsH5Format.Load(model, file, path, skipMismatch: false);
        // Keras 3 compiles from compile_config, then loads the optimizer's variables (saving_lib.py).
        if (JObject.Parse(json)["compile_config"] is JObject compile)
        {
            TrainingConfig.Compile(model, compile, $"{path}: compile_config");
            if (WeightsH5Format.OptimizerVariables(file) is { Count: > 0 } state)
                Keras3Optimizer.Restore(model.Optimizer!, model, state, path);
        }
        return model;
    }

    private static MemoryStream Entry(ZipArchive zip, string name, string path)
    {
        var entry = zip.GetEntry(name) ?? throw new KerasException($"{path} has no {name}: not a Keras 3 .keras file.");
        var data = new MemoryStream();
        using (var stream = entry.Open()) stream.CopyTo(data);
        var crc = System.IO.Hashing.Crc32.HashToUInt32(data.GetBuffer().AsSpan(0, (int)data.Length));
        if (crc != entry.Crc32)
            throw new KerasException($"{path} is corrupt: its entry {name} fails its CRC-32 check (stored {entry.Crc32:x8}, read {crc:x8}).");
        data.Position = 0;
        return data;
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
