using System.Linq;
using KerasSharp.Generators.Binding;

namespace KerasSharp.Generators.Emitting;

/// <summary>
/// Writes the C# of a bound model: for a Sequential, a partial class deriving from Sequential with one property per
/// layer; for a functional model, see <see cref="FunctionalEmitter"/>.
/// </summary>
internal static class ModelEmitter
{
    public const string Tool = "KerasSharp.Generators";

    public static string HintName(BoundModel model) => model.FullName + ".g.cs";

    public static string Emit(BoundModel model)
    {
        if (model.Functional is not null) return FunctionalEmitter.Emit(model);
        var output = new GeneratedFile(model);
        var file = output.SourceName;
        var c = model.ClassName;
        void L(string line = "") => output.Line(line);

        L("/// <summary>");
        L($"/// The Keras model saved in <c>{GeneratedFile.Xml(file)}</c>{(model.ModelName is null ? "" : $" (\"{GeneratedFile.Xml(model.ModelName)}\")")}: {model.Layers.Count} layers, built");
        L("/// exactly as <c>model_from_json</c> builds them, each layer a typed property.");
        L("/// </summary>");
        L($"[global::System.CodeDom.Compiler.GeneratedCode(\"{Tool}\", \"1.0.0\")]");
        L($"public partial class {c} : global::KerasSharp.Models.Sequential");
        L("{");
        var shapeType = model.InputShape is null ? "global::KerasSharp.Shape?" : "global::KerasSharp.Shape";
        L("    /// <summary>The saved input shape, batch axis first (null: any size).</summary>");
        L($"    public static {shapeType} DeclaredInputShape {{ get; }} = {model.InputShape ?? "null"};");
        L();
        L("    private static global::KerasSharp.Shape? s_outputShape;");
        L();
        L("    /// <summary>The output shape for <see cref=\"DeclaredInputShape\"/>, inferred through unbuilt layers (no weights are drawn).</summary>");
        if (model.InputShape is null)
            L($"    public static global::KerasSharp.Shape? DeclaredOutputShape => null;");
        else
            L($"    public static global::KerasSharp.Shape DeclaredOutputShape => s_outputShape ??= InferOutputShape();");
        L();
        foreach (var layer in model.Layers)
        {
            L($"    /// <summary>Layer <c>{GeneratedFile.Xml(layer.LayerName)}</c> ({GeneratedFile.Xml(layer.KerasClassName)}).</summary>");
            L($"    public {layer.TypeName} {layer.PropertyName} {{ get; }}");
            L();
        }
        L("    /// <summary>Builds the saved configuration; weights are initialised as Keras initialises them.</summary>");
        L($"    public {c}() : this(addLayers: true, null, null)");
        L("    {");
        L("    }");
        L();
        L($"    private {c}(bool addLayers, string? modelName, global::System.Collections.Generic.IReadOnlyList<string>? layerNames)");
        L($"        : base(name: modelName ?? {(model.ModelName is null ? "null" : Binding.ValueEmitter.Literal(model.ModelName))})");
        L("    {");
        for (int n = 0; n < model.Layers.Count; n++)
        {
            var layer = model.Layers[n];
            L($"        {layer.PropertyName} = new {layer.TypeName}(");
            for (int i = 0; i < layer.Arguments.Count; i++)
            {
                // A model read by FromJson keeps the saved layer names, as model_from_json does.
                var argument = layer.Arguments[i].StartsWith("name: ", System.StringComparison.Ordinal)
                    ? $"name: layerNames?[{n}] ?? {layer.Arguments[i].Substring("name: ".Length)}" : layer.Arguments[i];
                L($"            {argument}{(i + 1 < layer.Arguments.Count ? "," : ");")}");
            }
            if (layer.Arguments.Count == 0) L("            );");
        }
        L("        if (!addLayers) return;");
        L("        foreach (var layer in GeneratedLayers) Add(layer);");
        L("    }");
        L();
        L("    /// <summary>The declared layers in order, an InputLayer included.</summary>");
        L("    public global::System.Collections.Generic.IReadOnlyList<global::KerasSharp.Layer> GeneratedLayers => new global::KerasSharp.Layer[]");
        L("    {");
        foreach (var layer in model.Layers) L($"        {layer.PropertyName},");
        L("    };");
        L();
        L("    /// <summary>");
        L($"    /// <c>model_from_json</c> into this class: checks that <paramref name=\"json\"/> (any Keras 2 or 3 generation)");
        L($"    /// describes these layers (names aside), then builds the model with the saved names. A different model is a");
        L($"    /// KerasException naming the layer.");
        L("    /// </summary>");
        L($"    public static {c} FromJson(string json)");
        L("    {");
        // The probe is named so that it takes no number from the session's "sequential_N" counter.
        L($"        using var declared = new {c}(addLayers: false, \"{c}\", null);");
        L($"        var (modelName, layerNames) = global::KerasSharp.Saving.GeneratedModels.RequireSameLayers(\"{c}\", declared.GeneratedLayers, json);");
        L($"        return new {c}(addLayers: true, modelName, layerNames);");
        L("    }");
        L();
        L("    /// <summary>A new model with the weights of <paramref name=\"filepath\"/> (<c>.h5</c> or <c>.weights.h5</c>).</summary>");
        L($"    public static {c} FromWeights(string filepath)");
        L("    {");
        L($"        var model = new {c}();");
        L("        model.LoadWeights(filepath);");
        L("        return model;");
        L("    }");
        if (model.InputShape is not null)
        {
            L();
            L("    private static global::KerasSharp.Shape InferOutputShape()");
            L("    {");
            L($"        using var probe = new {c}(addLayers: false, \"{c}\", null);");
            L("        var shape = DeclaredInputShape;");
            L("        foreach (var layer in probe.GeneratedLayers) shape = layer.ComputeOutputShape(shape);");
            L("        return shape;");
            L("    }");
        }
        L("}");
        return output.Close();
    }

}
