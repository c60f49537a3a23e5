using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using KerasSharp.Generators.Catalog;
using KerasSharp.Generators.Diagnostics;
using KerasSharp.Generators.Infrastructure;
using KerasSharp.Generators.Parsing;
using KerasSharp.Saving;
using Microsoft.CodeAnalysis.CSharp;
using Newtonsoft.Json.Linq;

namespace KerasSharp.Generators.Binding;

/// <summary>
/// Binds a parsed model to the catalogue exactly as <c>ModelFromJson</c> binds it at run time: each constructor
/// parameter takes the config entry of its name, absent ones keep their declared default, a required one that is
/// missing is an error, an entry no parameter takes is a warning, and in a Sequential an input shape after the first
/// layer is dropped. Nested models are bound in place; a Lambda layer is refused (its function is code, KSG0011).
/// </summary>
internal static class ModelBinder
{
    // Members the generated class declares itself.
    private static readonly string[] GeneratedMembers = { "DeclaredInputShape", "DeclaredOutputShape", "FromJson", "FromWeights", "GeneratedLayers", "InferOutputShape", "s_outputShape" };
    private static readonly string[] InputShapeKeys = { "batch_input_shape", "input_shape" };

    public static BoundModel Bind(ParsedModel model, LayerCatalog catalog, CancellationToken cancellationToken)
    {
        var source = model.Source;
        var diagnostics = new List<DiagnosticInfo>(model.Diagnostics);
        var (ns, className) = Naming(source, model.FileStart, diagnostics);
        if (!catalog.ApiReferenced)
        {
            diagnostics.Add(DiagnosticInfo.Create(Descriptors.ApiNotReferenced, model.FileStart, Path.GetFileName(source.Path)));
            return new BoundModel(source.Path, ns, className, model.ModelName, null, EquatableArray<BoundLayer>.Empty, new EquatableArray<DiagnosticInfo>(diagnostics), false);
        }

        var root = model.Root;
        var functional = root?.IsFunctional == true;
        var reserved = new HashSet<string>((functional ? catalog.ModelReservedMemberNames : catalog.ReservedMemberNames).Concat(GeneratedMembers)) { className };
        string? inputShape = null;
        var net = root is null ? null : BindNet(root, catalog, reserved, diagnostics, isRoot: true, ref inputShape, cancellationToken);
        var outputs = new List<string>();
        if (functional)
            foreach (var output in net!.Outputs)
                outputs.Add(PropertyName(net.Layers.ElementAtOrDefault(output.Layer)?.PropertyName + "Output", reserved));
        var canEmit = diagnostics.All(d => Descriptors.ById(d.Id).DefaultSeverity != Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
        return new BoundModel(source.Path, ns, className, model.ModelName, inputShape, net?.Layers ?? EquatableArray<BoundLayer>.Empty,
            new EquatableArray<DiagnosticInfo>(diagnostics), canEmit, functional ? net : null, new EquatableArray<string>(outputs), model.Structure);
    }

    private static BoundNet BindNet(ParsedNet net, LayerCatalog catalog, HashSet<string> reserved, List<DiagnosticInfo> diagnostics, bool isRoot, ref string? inputShape, CancellationToken cancellationToken)
    {
        var layers = new List<BoundLayer>();
        for (int i = 0; i < net.Layers.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var layer = net.Layers[i];
            if (layer.Model is { } nested)
            {
                // The nested model's property comes first, then its layers'.
                var property = PropertyName(layer.Name, reserved);
                string? unused = null;
                var bound = BindNet(nested, catalog, reserved, diagnostics, isRoot: false, ref unused, cancellationToken);
                var type = nested.IsFunctional ? "global::KerasSharp.Models.Model" : "global::KerasSharp.Models.Sequential";
                layers.Add(new BoundLayer(property, type, layer.ClassName, layer.Name, EquatableArray<string>.Empty, layer.Index, Model: bound));
                continue;
            }
            var declared = catalog.Layer(layer.ClassName);
            if (declared is null)
            {
                var known = string.Join(", ", catalog.Layers.Select(l => l.KerasName).OrderBy(n => n, System.StringComparer.Ordinal));
                diagnostics.Add(DiagnosticInfo.Create(Descriptors.UnknownLayerClass, layer.Location, layer.ClassName, layer.Name, known));
                continue;
            }
            if (declared.KerasName == "Lambda")
            {
                diagnostics.Add(DiagnosticInfo.Create(Descriptors.LambdaLayer, layer.Location, layer.Name));
                continue;
            }
            // As ModelFromJson: a Sequential takes the input shape of its first layer only; a functional model passes every key.
            var config = layer.Config.Where(e => net.IsFunctional || i == 0 || !InputShapeKeys.Contains(e.Key)).ToList();
            if (isRoot && !net.IsFunctional && i == 0) inputShape = InputShape(config);
            var arguments = new List<string>();
            foreach (var parameter in declared.Parameters)
            {
                var entry = config.FirstOrDefault(e => e.Key == parameter.Name);
                if (entry is null)
                {
                    if (!parameter.HasDefault)
                        diagnostics.Add(DiagnosticInfo.Create(Descriptors.MissingKey, layer.Location, layer.Name, layer.ClassName, parameter.Name));
                    continue;
                }
                var value = ValueEmitter.Emit(JToken.Parse(entry.Json), parameter, catalog, out var error);
                if (value is null)
                    diagnostics.Add(DiagnosticInfo.Create(Descriptors.InvalidValue, entry.ValueLocation ?? layer.Location, layer.Name, layer.ClassName, parameter.Name, entry.Json, error!));
                else
                    arguments.Add($"{parameter.Name}: {value}");
            }
            foreach (var entry in config.Where(e => declared.Parameters.All(p => p.Name != e.Key) && !KerasConfigNormalizer.SilentlyIgnored.Contains(e.Key)))
                diagnostics.Add(DiagnosticInfo.Create(Descriptors.IgnoredKey, entry.KeyLocation ?? layer.Location, layer.Name, layer.ClassName, entry.Key));
            var isInput = net.IsFunctional && declared.KerasName == "InputLayer";
            layers.Add(new BoundLayer(PropertyName(layer.Name, reserved), declared.FullName, layer.ClassName, layer.Name, new EquatableArray<string>(arguments), layer.Index, isInput));
        }
        return new BoundNet(net.IsFunctional, net.Name, new EquatableArray<BoundLayer>(layers), net.Calls, net.Inputs, net.Outputs);
    }

    /// <summary>
    /// The class name: the KerasModelClass metadata, else the file name before <c>.model.json</c> in PascalCase;
    /// the namespace: KerasModelNamespace, else the project's RootNamespace.
    /// </summary>
    private static (string? Namespace, string ClassName) Naming(ModelSource source, LocationInfo at, List<DiagnosticInfo> diagnostics)
    {
        var file = Path.GetFileName(source.Path);
        var className = source.ClassName;
        if (string.IsNullOrWhiteSpace(className))
        {
            var stem = file.EndsWith(".model.json", System.StringComparison.OrdinalIgnoreCase) ? file.Substring(0, file.Length - ".model.json".Length) : Path.GetFileNameWithoutExtension(file);
            className = KerasNaming.ToPascalCase(new string(stem.Select(c => char.IsLetterOrDigit(c) ? c : '_').ToArray()));
        }
        if (!IsIdentifier(className!))
        {
            diagnostics.Add(DiagnosticInfo.Create(Descriptors.InvalidClassName, at, file,
                $"'{className}' is not a valid C# class name; set one with <AdditionalFiles Include=\"{file}\" KerasModelClass=\"MyModel\" />"));
            className = "InvalidModelName";
        }
        var ns = string.IsNullOrWhiteSpace(source.Namespace) ? source.RootNamespace : source.Namespace;
        if (string.IsNullOrWhiteSpace(ns)) return (null, className!);
        if (!ns!.Split('.').All(IsIdentifier))
        {
            diagnostics.Add(DiagnosticInfo.Create(Descriptors.InvalidClassName, at, file, $"'{ns}' is not a valid C# namespace; set one with KerasModelNamespace=\"My.Namespace\""));
            return (null, className!);
        }
        return (ns, className!);
    }

    private static bool IsIdentifier(string name) =>
        SyntaxFacts.IsValidIdentifier(name) && SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None;

    /// <summary>The layer name in PascalCase (<c>conv2d_1</c> → <c>Conv2d1</c>), kept clear of inherited and taken names.</summary>
    private static string PropertyName(string layerName, HashSet<string> taken)
    {
        var name = KerasNaming.ToPascalCase(new string(layerName.Select(c => char.IsLetterOrDigit(c) ? c : '_').ToArray()));
        if (name.Length == 0 || !SyntaxFacts.IsIdentifierStartCharacter(name[0])) name = "Layer" + name;
        if (taken.Contains(name)) name += "Layer";
        var unique = name;
        for (int n = 2; taken.Contains(unique); n++) unique = name + n;
        taken.Add(unique);
        return unique;
    }

    /// <summary>The first layer's batch input shape (input_shape gets a None batch axis, as in Keras), as C#.</summary>
    private static string? InputShape(List<ConfigEntry> config)
    {
        JToken? Value(string key) => config.FirstOrDefault(e => e.Key == key) is { } e ? JToken.Parse(e.Json) : null;
        var shape = Value("batch_input_shape") as JArray;
        if (shape is null && Value("input_shape") is JArray input)
            shape = new JArray(new JToken[] { Value("batch_size") ?? JValue.CreateNull() }.Concat(input));
        if (shape is null || shape.Any(d => d.Type is not (JTokenType.Null or JTokenType.Integer))) return null;
        return $"new global::KerasSharp.Shape({string.Join(", ", shape.Select(d => d.Type == JTokenType.Null ? "null" : d.ToString()))})";
    }
}
