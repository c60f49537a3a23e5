using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using KerasSharp.Generators.Diagnostics;
using KerasSharp.Generators.Infrastructure;
using KerasSharp.Saving;
using Microsoft.CodeAnalysis.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace KerasSharp.Generators.Parsing;

/// <summary>
/// Reads a model file through the runtime's own normaliser (shared source), so that every JSON generation
/// <c>ModelFromJson</c> accepts is accepted here and every one it refuses is refused here, with the place at fault.
/// </summary>
internal static class ModelParser
{
    public static ParsedModel Parse(ModelSource source, CancellationToken cancellationToken)
    {
        var text = SourceText.From(source.Text);
        var file = Path.GetFileName(source.Path);
        JObject root;
        try
        {
            using var reader = new JsonTextReader(new StringReader(source.Text)) { DateParseHandling = DateParseHandling.None };
            root = JObject.Load(reader, new JsonLoadSettings { LineInfoHandling = LineInfoHandling.Load, DuplicatePropertyNameHandling = DuplicatePropertyNameHandling.Error });
            if (reader.Read() && reader.TokenType != JsonToken.Comment)
                throw new JsonReaderException($"Additional text found after the model object. Path '', line {reader.LineNumber}, position {reader.LinePosition}.", "", reader.LineNumber, reader.LinePosition, null);
        }
        catch (JsonReaderException e)
        {
            var at = LocationInfo.Create(source.Path, text, JsonPositions.At(text, e.LineNumber, e.LinePosition));
            return Failed(source, DiagnosticInfo.Create(Descriptors.InvalidJson, at, file, e.Message));
        }
        cancellationToken.ThrowIfCancellationRequested();

        List<(string ClassName, JObject Config, JObject Entry)> layers;
        string? name;
        try
        {
            (_, name, layers) = KerasConfigNormalizer.Model(root);
        }
        catch (KerasJsonException e)
        {
            var descriptor = e.Keras1 ? Descriptors.Keras1Model : Descriptors.UnsupportedModel;
            return Failed(source, DiagnosticInfo.Create(descriptor, Locate(source, text, e.At), file, e.Message));
        }
        catch (System.Exception e) when (e is KerasException or System.InvalidCastException or System.ArgumentException or System.NullReferenceException)
        {
            // A shape the normaliser does not expect (a config that is a number, say): report it, never crash the build.
            return Failed(source, DiagnosticInfo.Create(Descriptors.UnsupportedModel, Locate(source, text, root), file, e.Message));
        }

        var parsed = new List<ParsedLayer>();
        for (int i = 0; i < layers.Count; i++)
        {
            var (className, config, entry) = layers[i];
            var entries = config.Properties()
                .Select(p => new ConfigEntry(p.Name, p.Value.ToString(Formatting.None), Locate(source, text, p), Locate(source, text, p.Value)))
                .ToList();
            // The normalised config is a copy that keeps Json.NET's line information.
            parsed.Add(new ParsedLayer(className, (string?)config["name"] ?? $"#{i}", Locate(source, text, entry["class_name"] ?? entry), new EquatableArray<ConfigEntry>(entries)));
        }
        return new ParsedModel(source, name, new EquatableArray<ParsedLayer>(parsed), EquatableArray<DiagnosticInfo>.Empty);
    }

    private static ParsedModel Failed(ModelSource source, DiagnosticInfo diagnostic) =>
        new(source, null, EquatableArray<ParsedLayer>.Empty, new EquatableArray<DiagnosticInfo>(new[] { diagnostic }));

    private static LocationInfo? Locate(ModelSource source, SourceText text, JToken? token) =>
        JsonPositions.Span(token, text) is { } span ? LocationInfo.Create(source.Path, text, span) : null;
}
