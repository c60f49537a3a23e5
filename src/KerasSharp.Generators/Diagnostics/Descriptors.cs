using System.Linq;
using Microsoft.CodeAnalysis;

namespace KerasSharp.Generators.Diagnostics;

/// <summary>The generator's diagnostics. IDs are stable; each has a help page, docs/diagnostics/KSGnnnn.md.</summary>
internal static class Descriptors
{
    private const string Category = "KerasSharp.Generators";

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        Create(id, title, message, DiagnosticSeverity.Error);

    private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity) =>
        new(id, title, message, Category, severity, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InvalidJson = Error("KSG0001", "The model file is not valid JSON",
        "{0} is not valid JSON: {1}");

    public static readonly DiagnosticDescriptor Keras1Model = Error("KSG0002", "Keras 1 model files are not supported",
        "{0}: {1}");

    public static readonly DiagnosticDescriptor UnknownLayerClass = Error("KSG0003", "Unknown layer class",
        "Unknown layer class '{0}' (layer '{1}'). Known: {2}. A custom layer needs [KerasLayer(\"{0}\")] in this compilation or a referenced one.");

    public static readonly DiagnosticDescriptor InvalidValue = Error("KSG0004", "Invalid config value",
        "Layer '{0}' ({1}): invalid value for `{2}`: {3} ({4})");

    public static readonly DiagnosticDescriptor MissingKey = Error("KSG0005", "A required config key is missing",
        "Layer '{0}' ({1}): the required config key `{2}` is missing");

    public static readonly DiagnosticDescriptor InvalidClassName = Error("KSG0006", "Invalid or colliding model class name",
        "{0}: {1}");

    public static readonly DiagnosticDescriptor ApiNotReferenced = Error("KSG0007", "KerasSharp.Api is not referenced",
        "{0} describes a Keras model, but this project does not reference KerasSharp.Api (no type KerasSharp.Models.Sequential), so no class is generated. Reference the KerasSharp package.");

    public static readonly DiagnosticDescriptor IgnoredKey = Create("KSG0008", "Config key ignored",
        "Layer '{0}' ({1}): ignoring the config key `{2}`, which this layer does not take", DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor UnsupportedModel = Error("KSG0009", "Unsupported model",
        "{0}: {1}");

    public static readonly DiagnosticDescriptor LambdaLayer = Error("KSG0011", "A Lambda layer cannot be generated",
        "Layer '{0}' is a Lambda layer: its function is code, not configuration, so no class is generated from this file. Build the model with ModelFromJson(json, custom_objects: new Dictionary<string, object> {{ [\"{0}\"] = (Func<Tensor, Tensor>)(x => ...) }}), or write the class by hand (derive from Model, create the layers, call InitGraph).");

    public static readonly DiagnosticDescriptor TensorShapeAsText = new("KSG0010", "A tensor's shape printed as System.Int64[]",
        "`{0}.shape` is TorchSharp's long[] and prints as 'System.Int64[]': write `{0}.Shape` to print it as Python does, like (50000, 32, 32, 3)",
        "KerasSharp.Porting", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor[] All =
        { InvalidJson, Keras1Model, UnknownLayerClass, InvalidValue, MissingKey, InvalidClassName, ApiNotReferenced, IgnoredKey, UnsupportedModel, TensorShapeAsText, LambdaLayer };

    public static DiagnosticDescriptor ById(string id) => All.First(d => d.Id == id);
}
