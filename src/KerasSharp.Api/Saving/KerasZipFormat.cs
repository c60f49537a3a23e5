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
        var config = FunctionalConfig.Keras3(model);
        if (model.Optimizer is { } optimizer && model.Compiled is { } compiled) config["compile_config"] = CompileConfig(optimizer, compiled);
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
    public static Model Load(string path)
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

    /// <summary>Only the weights of a <c>.keras</c> file (Keras 3's <c>load_weights</c> on one), each entry checked as in <see cref="Load"/>.</summary>
    public static void LoadWeights(Model model, string path, bool skipMismatch)
    {
        using var zip = ZipFile.OpenRead(path);
        using var weights = Entry(zip, "model.weights.h5", path);
        using var file = PureHDF.H5File.Open(weights, leaveOpen: true);
        WeightsH5Format.Load(model, file, path, skipMismatch);
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

    /// <summary>Keras 3's <c>compile_config</c> (Trainer.compile's arguments as keras@v3 serialises them).</summary>
    private static JObject CompileConfig(Optimizers.Optimizer optimizer, Training.CompileState compiled)
    {
        var (loss, lossWeights, metrics, weightedMetrics) = compiled.Keras2Arguments();
        return new JObject
        {
            ["optimizer"] = Keras3Optimizer.Config(optimizer), ["loss"] = loss, ["loss_weights"] = lossWeights,
            ["metrics"] = metrics is JArray { Count: 0 } ? JValue.CreateNull() : metrics, ["weighted_metrics"] = weightedMetrics,
            ["run_eagerly"] = false, ["steps_per_execution"] = 1, ["jit_compile"] = false,
        };
    }

    private static void Text(ZipArchive zip, string name, string text)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name).Open());
        writer.Write(text);
    }
}
