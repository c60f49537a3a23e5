using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using KerasSharp.Generators.Catalog;
using Microsoft.CodeAnalysis.CSharp;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace KerasSharp.Generators.Binding;

/// <summary>
/// A config value as a C# expression of the parameter's type, following the runtime's conversions from JSON
/// (KerasConfig.FromToken): tuples from lists or single ints, shapes with None as null, family objects by class name.
/// Returns null and a reason when the value does not fit the type.
/// </summary>
internal static class ValueEmitter
{
    private const string IntTuple2 = "global::KerasSharp.IntTuple2";
    private const string IntTuple3 = "global::KerasSharp.IntTuple3";
    private const string Shape = "global::KerasSharp.Shape";
    private const string Padding2D = "global::KerasSharp.Layers.Padding2D";
    private const string Activation = "global::KerasSharp.Activations.ActivationFunction";
    private const string WrappedLayer = "global::KerasSharp.Layer";

    public static string? Emit(JToken token, CatalogParameter parameter, LayerCatalog catalog, out string? error)
    {
        error = null;
        try
        {
            if (token.Type == JTokenType.Null)
                return parameter.IsNullable ? "null" : Fail($"null is not allowed for {Describe(parameter.Type)}", out error);
            return Convert(token, parameter.Type, catalog) ?? Fail($"expected {Describe(parameter.Type)}", out error);
        }
        catch (Exception e) when (e is FormatException or InvalidCastException or ArgumentException or OverflowException)
        {
            return Fail($"expected {Describe(parameter.Type)}", out error);
        }
    }

    private static string? Fail(string reason, out string? error)
    {
        error = reason;
        return null;
    }

    private static string? Convert(JToken token, string type, LayerCatalog catalog)
    {
        // Keras writes a 1D layer's int arguments as one-element lists: kernel_size [3], strides [1], pool_size [2].
        if (token is JArray { Count: 1 } single && type is "int" or "double") token = single[0];
        switch (type)
        {
            case "string":
                return token.Type == JTokenType.String ? Literal((string)token!) : null;
            case "bool":
                return token.Type == JTokenType.Boolean ? ((bool)token ? "true" : "false") : null;
            case "int":
                return Int(token);
            case "double":
                return token.Type is JTokenType.Integer or JTokenType.Float ? Double((double)token) : null;
            case "object":
                // A value of several forms (Constant's number or array): a number as written, anything else at run time.
                return token.Type is JTokenType.Integer or JTokenType.Float ? Double((double)token) : null;
            case "long[]":
                var longs = token is JArray list ? list.Select(Int).ToList() : new List<string?> { Int(token) };
                return longs.All(v => v is not null) ? $"new long[] {{ {string.Join(", ", longs)} }}" : null;
            case IntTuple2:
                if (token is JArray { Count: 2 } pair && Int(pair[0]) is { } a && Int(pair[1]) is { } b) return $"({a}, {b})";
                return Int(token is JArray { Count: 1 } one ? one[0] : token);
            case IntTuple3:
                if (token is JArray { Count: 3 } triple && triple.Select(Int).ToList() is var t && t.All(v => v is not null)) return $"({t[0]}, {t[1]}, {t[2]})";
                return Int(token is JArray { Count: 1 } lone ? lone[0] : token);
            case Shape:
                var dims = token is JArray shape ? shape.Select(d => d.Type == JTokenType.Null ? "null" : Int(d)).ToList() : new List<string?> { Int(token) };
                return dims.All(d => d is not null) ? $"new {Shape}({string.Join(", ", dims)})" : null;
            case Padding2D:
                if (token is not JArray pad) return Int(token);
                if (pad.Count == 2 && pad[0] is JArray { Count: 2 } rows && pad[1] is JArray { Count: 2 } cols
                    && new[] { rows[0], rows[1], cols[0], cols[1] }.Select(Int).ToList() is var p && p.All(v => v is not null))
                    return $"(({p[0]}, {p[1]}), ({p[2]}, {p[3]}))";
                return pad.Count == 2 && Int(pad[0]) is { } r && Int(pad[1]) is { } c ? $"({r}, {c})" : null;
            case Activation:
                // Keras 3 may write an activation as {"class_name": ..., "config": {"name": ...}}.
                var activation = token is JObject f ? (string?)f["config"]?["name"] ?? (string?)f["class_name"] : token.Type == JTokenType.String ? (string?)token : null;
                return activation is null ? null : Literal(activation);
        }
        if (type == WrappedLayer) return Layer(token, catalog);
        var family = LayerCatalog.Families.FirstOrDefault(f => "global::" + f.MetadataName == type).Family;
        return family is null ? null : FamilyObject(token, family, type, catalog);
    }

    /// <summary>
    /// An initializer, regularizer or constraint: a name converts implicitly; a {class_name, config} object whose class
    /// the catalogue holds becomes <c>new Class(...)</c>; anything else is handed to the runtime's reader as JSON.
    /// </summary>
    private static string? FamilyObject(JToken token, string family, string type, LayerCatalog catalog)
    {
        if (token.Type == JTokenType.String) return Literal((string)token!);
        if (token is not JObject obj || obj["class_name"]?.Type != JTokenType.String) return null;
        return Construct(obj, catalog.Object(family, (string)obj["class_name"]!), type, catalog);
    }

    /// <summary>
    /// A wrapper's layer: a constructor call as for a family object; a Keras 3 entry (module, registered_name), a
    /// Lambda or a nested model is built by the runtime's reader.
    /// </summary>
    private static string? Layer(JToken token, LayerCatalog catalog)
    {
        if (token is not JObject obj || obj["class_name"]?.Type != JTokenType.String) return null;
        var declared = catalog.Layer((string)obj["class_name"]!);
        var bindable = declared is not null && declared.KerasName != "Lambda" && obj.Properties().All(p => p.Name is "class_name" or "config");
        return Construct(obj, bindable ? declared : null, WrappedLayer, catalog);
    }

    /// <summary><c>new Class(...)</c> when the class is declared and every config key binds; else the runtime's reader.</summary>
    private static string Construct(JObject obj, CatalogType? declared, string type, LayerCatalog catalog)
    {
        var config = obj["config"] as JObject ?? new JObject();
        if (declared is null || !config.Properties().All(p => declared.Parameters.Any(q => q.Name == p.Name))) return Runtime(obj, type);
        var arguments = new List<string>();
        foreach (var parameter in declared.Parameters)
        {
            if (config[parameter.Name] is not { } value) continue;
            var emitted = Emit(value, parameter, catalog, out _);
            if (emitted is null) return Runtime(obj, type);
            arguments.Add($"{parameter.Name}: {emitted}");
        }
        return $"new {declared.FullName}({string.Join(", ", arguments)})";
    }

    private static string Runtime(JObject obj, string type) =>
        $"global::KerasSharp.Saving.KerasConfig.Deserialize<{type}>({Literal(obj.ToString(Formatting.None))})";

    private static string? Int(JToken token) => token.Type switch
    {
        JTokenType.Integer when (long)token is >= int.MinValue and <= int.MaxValue and var v => v.ToString(CultureInfo.InvariantCulture),
        JTokenType.Float when (double)token is var d && Math.Floor(d) == d && d is >= int.MinValue and <= int.MaxValue => ((int)d).ToString(CultureInfo.InvariantCulture),
        _ => null,
    };

    private static string Double(double value)
    {
        if (double.IsNaN(value)) return "double.NaN";
        if (double.IsPositiveInfinity(value)) return "double.PositiveInfinity";
        if (double.IsNegativeInfinity(value)) return "double.NegativeInfinity";
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.IndexOfAny(new[] { '.', 'E', 'e' }) < 0 ? text + ".0" : text;
    }

    public static string Literal(string value) => SymbolDisplay.FormatLiteral(value, quote: true);

    private static string Describe(string type) => type switch
    {
        "int" => "an integer",
        "double" => "a number",
        "object" => "a number or nested lists of numbers",
        "bool" => "true or false",
        "string" => "a string",
        "long[]" => "an integer or a list of integers",
        IntTuple2 => "an integer or a list of 2 integers",
        IntTuple3 => "an integer or a list of 3 integers",
        Shape => "a list of integers (null for any size)",
        Padding2D => "an integer, 2 integers or 2 pairs of integers",
        Activation => "an activation name",
        WrappedLayer => "a {\"class_name\": ..., \"config\": ...} layer object",
        _ => "a " + type.Substring(type.LastIndexOf('.') + 1) + " name or {\"class_name\": ..., \"config\": ...} object",
    };
}
