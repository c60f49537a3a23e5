using System;
using System.Collections.Generic;
using System.Linq;

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

    private static string Describe(Layer layer)
    {
        var config = KerasConfig.LayerConfig(layer, layer.BatchInputShape);
        config.Remove("name");
        return $"{KerasConfig.ClassName(layer)} {KerasConfig.ToPythonJson(config)}";
    }
}
