using System;
using System.Collections.Generic;
using System.Linq;
using KerasSharp.Models;

namespace KerasSharp.Saving;

/// <summary>What classes generated from a <c>model.json</c> call at run time (see docs/generator.md).</summary>
public static class GeneratedModels
{
    /// <summary>
    /// Checks that <paramref name="json"/> (any Keras 2 or 3 generation, read exactly as <c>model_from_json</c> reads
    /// it) describes the layers of <paramref name="className"/>: same classes, same configs, same order; names may
    /// differ (Keras numbers them per session). Nothing is built, so no weights are drawn. Returns the saved model and
    /// layer names, which the generated class then takes, as <c>model_from_json</c> does. Throws a
    /// <see cref="KerasException"/> naming the first layer that differs.
    /// </summary>
    public static (string? ModelName, IReadOnlyList<string> LayerNames) RequireSameLayers(string className, IReadOnlyList<Layer> declared, string json)
    {
        ArgumentNullException.ThrowIfNull(declared);
        ArgumentNullException.ThrowIfNull(json);
        // Custom layers of the generated class's project, as ModelFromJson needs them registered.
        foreach (var assembly in declared.Select(l => l.GetType().Assembly).Distinct()) ObjectRegistry.Register(assembly);
        var (modelName, saved) = SavingApi.LayersFromJson(json);
        if (saved.Count != declared.Count)
            throw new KerasException($"{className}.FromJson: the JSON has {saved.Count} layers, the class {declared.Count}.");
        for (int i = 0; i < saved.Count; i++)
        {
            var expected = Describe(declared[i]);
            var actual = Describe(saved[i]);
            if (expected != actual)
                throw new KerasException($"{className}.FromJson: layer {i} differs. The JSON has {actual}; the class has {expected}.");
        }
        return (modelName, saved.Select(l => l.Name).ToList());
    }

    /// <summary>
    /// <c>model_from_json</c> into a class generated from a functional model. Checks that <paramref name="json"/> (any
    /// Keras 2 or 3 generation) describes the graph the class was generated from: <paramref name="savedGraph"/> holds
    /// that file's structure (KerasConfigNormalizer.Structure: the model's inputs and outputs, each layer's calls, nested
    /// models; no names). Then builds the class with the saved model and layer names (<paramref name="build"/> takes
    /// the model name and the layer names in the order of <paramref name="layers"/>), and checks every layer's class and
    /// config against the JSON's. One model is built, as <c>model_from_json</c> builds one. A different model is a
    /// <see cref="KerasException"/> naming the first layer that differs.
    /// </summary>
    public static T FromJson<T>(string className, IReadOnlyList<string> savedGraph, string json,
                                Func<string?, IReadOnlyList<string>, T> build, Func<T, IReadOnlyList<Layer>> layers) where T : Model
    {
        ArgumentNullException.ThrowIfNull(savedGraph);
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(build);
        ArgumentNullException.ThrowIfNull(layers);
        var (modelName, lines, items) = KerasConfigNormalizer.Structure(SavingApi.Parse(json));
        if (lines.Count != savedGraph.Count)
            throw new KerasException($"{className}.FromJson: the JSON has {lines.Count - 1} layers, the class {savedGraph.Count - 1}.");
        if (lines[0] != savedGraph[0])
            throw new KerasException($"{className}.FromJson: the JSON's model is {lines[0]}; the class's is {savedGraph[0]}.");
        for (int i = 1; i < lines.Count; i++)
            if (lines[i] != savedGraph[i])
                throw new KerasException($"{className}.FromJson: layer {i - 1} ('{items[i - 1].Name}') is connected differently. The JSON has {lines[i]}; the class has {savedGraph[i]}.");

        var model = build(modelName, items.Select(item => item.Name).ToList());
        try
        {
            var declared = layers(model);
            // Custom layers of the generated class's project, as ModelFromJson needs them registered.
            foreach (var assembly in declared.Select(l => l.GetType().Assembly).Append(typeof(T).Assembly).Distinct()) ObjectRegistry.Register(assembly);
            using (SavingApi.Reading(null))
            {
                for (int i = 0; i < items.Count; i++)
                {
                    var item = items[i];
                    // A nested model's kind and graph are in the structure; its layers follow it.
                    if (item.IsModel) continue;
                    // As ModelFromJson: a Sequential drops the input shape of any layer but its first.
                    if (item.SequentialIndex > 0)
                        foreach (var key in new[] { "batch_input_shape", "input_shape" }) item.Config.Remove(key);
                    var expected = Describe(declared[i]);
                    var actual = Describe(SavingApi.CreateLayer(item.ClassName, item.Config, item.Entry, item.Name));
                    if (expected != actual)
                        throw new KerasException($"{className}.FromJson: layer {i} ('{item.Name}') differs. The JSON has {actual}; the class has {expected}.");
                }
            }
        }
        catch
        {
            model.Dispose();
            throw;
        }
        return model;
    }

    private static string Describe(Layer layer)
    {
        var config = KerasConfig.LayerConfig(layer, layer.BatchInputShape);
        config.Remove("name");
        return $"{KerasConfig.ClassName(layer)} {KerasConfig.ToPythonJson(config)}";
    }
}
