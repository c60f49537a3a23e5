using System;
using System.Collections.Generic;
using System.Linq;
using KerasSharp.Models;
using PureHDF;
using static TorchSharp.torch;

namespace KerasSharp.Saving;

/// <summary>
/// Keras 3's <c>.weights.h5</c> (keras@v3 saving_lib.py): <c>layers/&lt;snake_case(ClassName)&gt;[_N]/vars/&lt;i&gt;</c>
/// per layer of the model in order (a counter per class, not the layer's name), every trainable then non-trainable
/// variable numbered from 0, an empty <c>vars</c> group for a layer without weights; the <c>name</c> attribute on
/// each <c>vars</c> group (Keras 3.6+) holds the layer's name.
/// </summary>
internal static class WeightsH5Format
{
    public static void Save(Model model, string path) => AtomicFile.Write(path, tmp => Build(model).Write(tmp));

    /// <summary>The file's content: every layer's variables and, for a compiled model, the optimizer's.</summary>
    public static H5File Build(Model model)
    {
        var root = new H5File { ["vars"] = new H5Group { Attributes = { ["name"] = model.Name } }, ["layers"] = Layers(model) };
        if (model.Optimizer is { } optimizer && Keras3Optimizer.Variables(optimizer, model) is { } state)
        {
            var vars = new H5Group { Attributes = { ["name"] = KerasNaming.ToSnakeCase(optimizer.GetType().Name) } };
            for (int i = 0; i < state.Count; i++) vars[i.ToString(System.Globalization.CultureInfo.InvariantCulture)] = H5Datasets.Write(state[i]);
            root["optimizer"] = new H5Group { ["vars"] = vars };
        }
        return root;
    }

    /// <summary>A model's <c>layers</c> group: each layer's <c>vars</c>; a model used as a layer holds its own <c>layers</c>.</summary>
    private static H5Group Layers(Model model)
    {
        var layers = new H5Group();
        foreach (var (layer, storage) in StorageNames(model))
        {
            var group = new H5Group { ["vars"] = Vars(layer) };
            if (layer is Model nested) group["layers"] = Layers(nested);
            layers[storage] = group;
        }
        return layers;
    }

    /// <summary>A layer's own variables, numbered from 0, trainable first (a model's are its layers').</summary>
    private static H5Group Vars(Layer layer)
    {
        var vars = new H5Group { Attributes = { ["name"] = layer.Name } };
        if (layer is Model) return vars;
        var weights = layer.Weights;
        for (int i = 0; i < weights.Count; i++) vars[i.ToString(System.Globalization.CultureInfo.InvariantCulture)] = H5Datasets.Floats(weights[i].Value);
        return vars;
    }

    /// <summary>The <c>optimizer/vars/0..n</c> tensors, in numeric order; empty when the file has none.</summary>
    public static List<Tensor> OptimizerVariables(IH5Group file)
    {
        if (!file.LinkExists("optimizer/vars")) return new List<Tensor>();
        var vars = file.Group("optimizer/vars");
        return vars.Children().Select(c => c.Name).Where(n => int.TryParse(n, out _)).OrderBy(int.Parse)
            .Select(n => H5Datasets.ReadTensor(vars.Dataset(n))).ToList();
    }

    public static bool IsWeightsH5(IH5Group file) => file.LinkExists("layers") && !file.AttributeExists("layer_names");

    /// <summary>Reads every layer's variables, checks them all, then assigns them.</summary>
    public static void Load(Model model, IH5Group file, string path, bool skipMismatch)
    {
        // The read tensors are copied into the weights, then freed with this scope.
        using var scope = NewDisposeScope();
        var assignments = new List<(KerasVariable, Tensor)>();
        Read(model, file.Group("layers"), "layers", path, skipMismatch, assignments);
        foreach (var (variable, value) in assignments) variable.Assign(value);
    }

    private static void Read(Model model, IH5Group layersGroup, string at, string path, bool skipMismatch, List<(KerasVariable, Tensor)> assignments)
    {
        foreach (var (layer, storage) in StorageNames(model))
        {
            if (!layersGroup.LinkExists(storage))
            {
                if (layer.Weights.Count == 0) continue;
                throw new KerasException($"{path} has no weights for layer '{layer.Name}' (expected the group {at}/{storage}).");
            }
            if (layer is Model nested)
            {
                Read(nested, layersGroup.Group($"{storage}/layers"), $"{at}/{storage}/layers", path, skipMismatch, assignments);
                continue;
            }
            var vars = layersGroup.Group($"{storage}/vars");
            var stored = vars.Children().Select(c => c.Name).Where(n => int.TryParse(n, out _)).OrderBy(int.Parse)
                .Select(n => (n, H5Datasets.ReadFloats(vars.Dataset(n)))).ToList();
            WeightLayout.Match(layer, stored, backend: null, skipMismatch, assignments, path);
        }
    }

    /// <summary>Keras 3's storage names: snake_case(ClassName), then _1, _2… for the next layers of that class.</summary>
    private static IEnumerable<(Layer Layer, string Storage)> StorageNames(Model model)
    {
        var seen = new Dictionary<string, int>();
        foreach (var layer in model.Layers)
        {
            // Keras 3 names an object by its class: a graph model is a "Functional", a generated Sequential subclass a "Sequential".
            var baseName = KerasNaming.ToSnakeCase(layer is Model m ? (m.KerasClassName == "Model" ? "Functional" : m.KerasClassName) : layer.GetType().Name);
            var n = seen.TryGetValue(baseName, out var count) ? count : 0;
            seen[baseName] = n + 1;
            yield return (layer, n == 0 ? baseName : $"{baseName}_{n}");
        }
    }
}
