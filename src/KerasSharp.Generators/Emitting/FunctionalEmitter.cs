using System.Collections.Generic;
using System.Linq;
using KerasSharp.Generators.Binding;
using KerasSharp.Generators.Parsing;
using Microsoft.CodeAnalysis.CSharp;

namespace KerasSharp.Generators.Emitting;

/// <summary>
/// Writes the C# of a functional model: a partial class deriving from Model whose constructor creates the layers (one
/// typed property each; an input is its <c>Input(...)</c> tensor; a nested model is built in place, as
/// <c>model_from_json</c> builds it), makes the calls in <c>model_from_json</c>'s order and ends with InitGraph.
/// </summary>
internal static class FunctionalEmitter
{
    private const string KerasTensor = "global::KerasSharp.KerasTensor";
    private const string Layer = "global::KerasSharp.Layer";

    public static string Emit(BoundModel model)
    {
        var root = model.Functional!;
        var output = new GeneratedFile(model);
        var file = output.SourceName;
        var c = model.ClassName;
        void L(string line = "") => output.Line(line);

        var all = Flatten(root, null).ToList();
        var calls = CallCounts(root);
        L("/// <summary>");
        L($"/// The Keras functional model saved in <c>{GeneratedFile.Xml(file)}</c>{(model.ModelName is null ? "" : $" (\"{GeneratedFile.Xml(model.ModelName)}\")")}: {all.Count} layers, {Count(root.Inputs.Count, "input")}");
        L($"/// and {Count(root.Outputs.Count, "output")}, built exactly as <c>model_from_json</c> builds it: each layer a typed property, each");
        L("/// input and output a <see cref=\"global::KerasSharp.KerasTensor\"/> property.");
        L("/// </summary>");
        L($"[global::System.CodeDom.Compiler.GeneratedCode(\"{ModelEmitter.Tool}\", \"1.0.0\")]");
        L($"public partial class {c} : global::KerasSharp.Models.Model");
        L("{");
        foreach (var (layer, owner) in all)
        {
            var of = owner is null ? "" : $" of the nested model <c>{GeneratedFile.Xml(owner)}</c>";
            if (layer.IsInput)
            {
                L($"    /// <summary>Input <c>{GeneratedFile.Xml(layer.LayerName)}</c>{(owner is null ? " of the model" : of)} (its InputLayer is <c>{layer.PropertyName}.Layer</c>).</summary>");
                L($"    public {KerasTensor} {layer.PropertyName} {{ get; }}");
            }
            else if (layer.Model is { } nested)
            {
                L($"    /// <summary>The nested model <c>{GeneratedFile.Xml(layer.LayerName)}</c> ({(nested.IsFunctional ? "functional" : "Sequential")}){of}.</summary>");
                L($"    public {layer.TypeName} {layer.PropertyName} {{ get; }}");
            }
            else
            {
                var times = calls.TryGetValue(layer.Index, out var n) && n > 1 ? $", called {n} times" : "";
                L($"    /// <summary>Layer <c>{GeneratedFile.Xml(layer.LayerName)}</c> ({GeneratedFile.Xml(layer.KerasClassName)}){times}{of}.</summary>");
                L($"    public {layer.TypeName} {layer.PropertyName} {{ get; }}");
            }
            L();
        }
        for (int i = 0; i < root.Outputs.Count; i++)
        {
            L($"    /// <summary>Output {i} of the model, made by layer <c>{GeneratedFile.Xml(root.Layers[root.Outputs[i].Layer].LayerName)}</c>.</summary>");
            L($"    public {KerasTensor} {model.OutputProperties[i]} {{ get; }}");
            L();
        }

        L("    /// <summary>Builds the saved configuration; weights are initialised as Keras initialises them.</summary>");
        L($"    public {c}() : this(null, null)");
        L("    {");
        L("    }");
        L();
        L($"    private {c}(string? modelName, global::System.Collections.Generic.IReadOnlyList<string>? layerNames)");
        L($"        : base(name: modelName ?? {Literal(model.ModelName)})");
        L("    {");
        var body = new Body(model, s => L(s.Length == 0 ? "" : "        " + s));
        body.Net(root, isRoot: true);
        L("    }");
        L();
        L("    /// <summary>");
        L("    /// The declared layers in the saved order (a nested model's layers right after it), input layers included: the");
        L("    /// order of the names FromJson takes.");
        L("    /// </summary>");
        L($"    public global::System.Collections.Generic.IReadOnlyList<{Layer}> GeneratedLayers => new {Layer}[]");
        L("    {");
        foreach (var (layer, _) in all) L($"        {layer.PropertyName}{(layer.IsInput ? ".Layer" : "")},");
        L("    };");
        L();
        L("    /// <summary>");
        L("    /// The saved graph without its names (KerasConfigNormalizer.Structure): the model's inputs and outputs, then each");
        L("    /// layer's calls as the (layer:call:output) they read, layers numbered as in <see cref=\"GeneratedLayers\"/>.");
        L("    /// FromJson requires the same of the JSON it reads.");
        L("    /// </summary>");
        L("    private static readonly string[] s_savedGraph =");
        L("    {");
        for (int i = 0; i < model.Structure.Count; i++)
            L($"        {Literal(model.Structure[i])},{(i == 0 ? "" : " // " + Comment(all[i - 1].Layer.LayerName))}");
        L("    };");
        L();
        L("    /// <summary>");
        L("    /// <c>model_from_json</c> into this class: checks that <paramref name=\"json\"/> (any Keras 2 or 3 generation)");
        L("    /// describes this graph and these layers (names aside), then builds the model with the saved names. A different");
        L("    /// model is a KerasException naming the layer.");
        L("    /// </summary>");
        L($"    public static {c} FromJson(string json) =>");
        L($"        global::KerasSharp.Saving.GeneratedModels.FromJson(\"{c}\", s_savedGraph, json,");
        L($"            (modelName, layerNames) => new {c}(modelName, layerNames), model => model.GeneratedLayers);");
        L();
        L("    /// <summary>A new model with the weights of <paramref name=\"filepath\"/> (<c>.h5</c> or <c>.weights.h5</c>).</summary>");
        L($"    public static {c} FromWeights(string filepath)");
        L("    {");
        L($"        var model = new {c}();");
        L("        model.LoadWeights(filepath);");
        L("        return model;");
        L("    }");
        L("}");
        return output.Close();
    }

    /// <summary>Every layer in pre-order (the order of the saved names), with the nested model that holds it.</summary>
    private static IEnumerable<(BoundLayer Layer, string? Owner)> Flatten(BoundNet net, string? owner)
    {
        foreach (var layer in net.Layers)
        {
            yield return (layer, owner);
            if (layer.Model is { } nested)
                foreach (var inner in Flatten(nested, layer.LayerName)) yield return inner;
        }
    }

    /// <summary>How many times each layer (by <see cref="BoundLayer.Index"/>) is called, in every functional model of the file.</summary>
    private static Dictionary<int, int> CallCounts(BoundNet net)
    {
        var counts = new Dictionary<int, int>();
        void Count(BoundNet n)
        {
            foreach (var call in n.Calls)
            {
                var index = n.Layers[call.Layer].Index;
                counts[index] = counts.TryGetValue(index, out var k) ? k + 1 : 1;
            }
            foreach (var layer in n.Layers)
                if (layer.Model is { } nested) Count(nested);
        }
        Count(net);
        return counts;
    }

    /// <summary>The constructor's body: layers, nested models, calls; tensors as locals named after their layer.</summary>
    private sealed class Body
    {
        private readonly BoundModel _model;
        private readonly System.Action<string> _line;
        private readonly Dictionary<(int Layer, int Call), string> _made = new();
        private readonly HashSet<(int Layer, int Call)> _packed = new();
        private readonly HashSet<string> _locals = new() { "modelName", "layerNames" };

        public Body(BoundModel model, System.Action<string> line)
        {
            _model = model;
            _line = line;
        }

        private bool _blank = true;

        /// <summary>A line; an empty one separates parts, never twice in a row nor first.</summary>
        private void L(string line = "")
        {
            if (line.Length == 0 && _blank) return;
            _blank = line.Length == 0;
            _line(line);
        }

        public void Net(BoundNet net, bool isRoot)
        {
            foreach (var layer in net.Layers)
            {
                if (layer.Model is { } nested)
                {
                    L();
                    L($"// The nested model \"{Comment(layer.LayerName)}\" ({(nested.IsFunctional ? "functional" : "Sequential")}).");
                    Net(nested, isRoot: false);
                    var name = $"name: layerNames?[{layer.Index}] ?? {Literal(nested.Name)}";
                    if (nested.IsFunctional)
                        L($"{layer.PropertyName} = new global::KerasSharp.Models.Model(inputs: {List(nested.Inputs.Select(t => Tensor(nested, t)))}, outputs: {List(nested.Outputs.Select(t => Tensor(nested, t)))}, {name});");
                    else
                        L($"{layer.PropertyName} = new global::KerasSharp.Models.Sequential([{string.Join(", ", nested.Layers.Select(l => l.PropertyName))}], {name});");
                    L();
                }
                else if (layer.IsInput)
                {
                    L($"{layer.PropertyName} = {Input(layer)};");
                }
                else
                {
                    L($"{layer.PropertyName} = new {layer.TypeName}(");
                    for (int i = 0; i < layer.Arguments.Count; i++)
                        L($"    {Argument(layer, layer.Arguments[i])}{(i + 1 < layer.Arguments.Count ? "," : ");")}");
                    if (layer.Arguments.Count == 0) L("    );");
                }
            }
            if (!net.IsFunctional) return;

            if (isRoot) L();
            var outputs = isRoot ? net.Outputs.Select((t, i) => (Tensor: t, Property: _model.OutputProperties[i])).ToList() : new();
            var assigned = new HashSet<string>();
            var made = net.Layers.Select(l => l.IsInput ? 1 : 0).ToArray();
            foreach (var call in net.Calls)
            {
                var layer = net.Layers[call.Layer];
                var k = made[call.Layer]++;
                var inputs = call.Inputs.Select(t => Tensor(net, t)).ToList();
                var apply = $"{layer.PropertyName}.Apply({(inputs.Count == 1 ? inputs[0] : "[" + string.Join(", ", inputs) + "]")}{(call.Training is bool training ? $", training: {(training ? "true" : "false")}" : "")})";
                var key = (layer.Index, k);
                var packed = IsPacked(net, call.Layer, k);
                var output = packed ? null : outputs.FirstOrDefault(o => o.Tensor.Layer == call.Layer && o.Tensor.Call == k && o.Tensor.Output == 0 && !assigned.Contains(o.Property)).Property;
                if (output is not null)
                {
                    L($"{output} = {apply};");
                    assigned.Add(output);
                    _made[key] = output;
                    continue;
                }
                var local = Local(layer.PropertyName, k);
                L($"var {local} = {apply};");
                _made[key] = local;
                if (packed) _packed.Add(key);
            }
            if (!isRoot) return;
            foreach (var (tensor, property) in outputs.Where(o => !assigned.Contains(o.Property)))
                L($"{property} = {Tensor(net, tensor)};");
            L($"InitGraph(inputs: {List(net.Inputs.Select(t => Tensor(net, t)))}, outputs: {List(outputs.Select(o => o.Property))});");
        }

        /// <summary>A tensor as C#: an input's property, or the local (or output property) of the call that made it.</summary>
        private string Tensor(BoundNet net, ParsedTensor tensor)
        {
            var layer = net.Layers[tensor.Layer];
            if (layer.IsInput && tensor.Call == 0) return layer.PropertyName;
            var key = (layer.Index, tensor.Call);
            var made = _made[key];
            return _packed.Contains(key) ? $"{made}.Unpack()[{tensor.Output}]" : made;
        }

        /// <summary>
        /// Whether a call returns several tensors packed in one (read with Unpack): a nested model of several outputs, a
        /// layer with <c>return_state</c>, or a call whose second or later output is read.
        /// </summary>
        private bool IsPacked(BoundNet net, int layer, int call)
        {
            var bound = net.Layers[layer];
            if (bound.Model is { IsFunctional: true } nested && nested.Outputs.Count > 1) return true;
            if (bound.Arguments.Contains("return_state: true")) return true;
            return net.Calls.SelectMany(c => c.Inputs).Concat(net.Outputs).Any(t => t.Layer == layer && t.Call == call && t.Output > 0);
        }

        private string Local(string property, int call)
        {
            var name = char.ToLowerInvariant(property[0]) + property.Substring(1);
            if (call > 0) name += (char.IsDigit(name[name.Length - 1]) ? "_" : "") + (call + 1);
            if (SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None) name = "@" + name;
            var unique = name;
            for (int n = 2; !_locals.Add(unique); n++) unique = name + "_" + n;
            return unique;
        }

        /// <summary>An InputLayer as <c>Input(...)</c> (its tensor), or as <c>new InputLayer(...).Output</c> for arguments Input does not take.</summary>
        private static string Input(BoundLayer layer)
        {
            var keywords = new Dictionary<string, string> { ["batch_input_shape"] = "batch_shape", ["input_shape"] = "shape", ["dtype"] = "dtype", ["name"] = "name" };
            var arguments = new List<string>();
            foreach (var argument in layer.Arguments)
            {
                var key = argument.Substring(0, argument.IndexOf(':'));
                if (argument == "sparse: false") continue;
                if (!keywords.TryGetValue(key, out var keyword))
                    return $"new {layer.TypeName}({string.Join(", ", layer.Arguments.Select(a => Argument(layer, a)))}).Output";
                arguments.Add(keyword + Argument(layer, argument).Substring(key.Length));
            }
            return $"global::KerasSharp.Layers.LayerFunctions.Input({string.Join(", ", arguments)})";
        }

        // A model read by FromJson keeps the saved layer names, as model_from_json does.
        private static string Argument(BoundLayer layer, string argument) =>
            argument.StartsWith("name: ", System.StringComparison.Ordinal) ? $"name: layerNames?[{layer.Index}] ?? {argument.Substring("name: ".Length)}" : argument;

        private static string List(IEnumerable<string> items)
        {
            var list = items.ToList();
            return list.Count == 1 ? list[0] : "[" + string.Join(", ", list) + "]";
        }
    }

    private static string Count(int n, string what) => n == 1 ? $"1 {what}" : $"{n} {what}s";

    private static string Literal(string? value) => value is null ? "null" : ValueEmitter.Literal(value);

    private static string Comment(string text) => text.Replace("\r", " ").Replace("\n", " ");

}
