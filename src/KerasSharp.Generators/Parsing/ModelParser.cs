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
/// A functional model's calls are put in the order <c>model_from_json</c> makes them (SavingApi.FromGraph).
/// </summary>
internal static class ModelParser
{
    public static ParsedModel Parse(ModelSource source, CancellationToken cancellationToken)
    {
        var text = SourceText.From(source.Text);
        var file = Path.GetFileName(source.Path);
        JObject json;
        try
        {
            using var reader = new JsonTextReader(new StringReader(source.Text)) { DateParseHandling = DateParseHandling.None };
            json = JObject.Load(reader, new JsonLoadSettings { LineInfoHandling = LineInfoHandling.Load, DuplicatePropertyNameHandling = DuplicatePropertyNameHandling.Error });
            if (reader.Read() && reader.TokenType != JsonToken.Comment)
                throw new JsonReaderException($"Additional text found after the model object. Path '', line {reader.LineNumber}, position {reader.LinePosition}.", "", reader.LineNumber, reader.LinePosition, null);
        }
        catch (JsonReaderException e)
        {
            var at = LocationInfo.Create(source.Path, text, JsonPositions.At(text, e.LineNumber, e.LinePosition));
            return Failed(source, DiagnosticInfo.Create(Descriptors.InvalidJson, at, file, e.Message));
        }
        cancellationToken.ThrowIfCancellationRequested();

        ParsedNet root;
        var structure = EquatableArray<string>.Empty;
        try
        {
            KerasConfigNormalizer.RefuseKeras1(json);
            root = new Reader(source, text).Net(json, isRoot: true);
            if (root.IsFunctional) structure = new EquatableArray<string>(KerasConfigNormalizer.Structure(json).Lines);
        }
        catch (KerasJsonException e)
        {
            var descriptor = e.Keras1 ? Descriptors.Keras1Model : Descriptors.UnsupportedModel;
            return Failed(source, DiagnosticInfo.Create(descriptor, Locate(source, text, e.At), file, e.Message));
        }
        catch (System.Exception e) when (e is KerasException or System.InvalidCastException or System.ArgumentException or System.NullReferenceException or System.FormatException or System.OverflowException)
        {
            // A shape the normaliser does not expect (a config that is a number, say): report it, never crash the build.
            return Failed(source, DiagnosticInfo.Create(Descriptors.UnsupportedModel, Locate(source, text, json), file, e.Message));
        }
        return new ParsedModel(source, root, structure, EquatableArray<DiagnosticInfo>.Empty);
    }

    private static ParsedModel Failed(ModelSource source, DiagnosticInfo diagnostic) =>
        new(source, null, EquatableArray<string>.Empty, new EquatableArray<DiagnosticInfo>(new[] { diagnostic }));

    private static LocationInfo? Locate(ModelSource source, SourceText text, JToken? token) =>
        JsonPositions.Span(token, text) is { } span ? LocationInfo.Create(source.Path, text, span) : null;

    /// <summary>Reads the models of one file, numbering its layers in pre-order.</summary>
    private sealed class Reader
    {
        private readonly ModelSource _source;
        private readonly SourceText _text;
        private int _next;

        public Reader(ModelSource source, SourceText text)
        {
            _source = source;
            _text = text;
        }

        private LocationInfo? Locate(JToken? token) => ModelParser.Locate(_source, _text, token);

        private ParsedLayer Layer(string className, string name, JObject config, JObject entry)
        {
            var index = _next++;
            var location = Locate(entry["class_name"] ?? entry);
            if (KerasConfigNormalizer.IsModel(className))
                return new ParsedLayer(className, name, location, EquatableArray<ConfigEntry>.Empty, index, Net(entry, isRoot: false));
            // The normalised config is a copy that keeps Json.NET's line information.
            var entries = config.Properties()
                .Select(p => new ConfigEntry(p.Name, p.Value.ToString(Formatting.None), Locate(p), Locate(p.Value)))
                .ToList();
            return new ParsedLayer(className, name, location, new EquatableArray<ConfigEntry>(entries), index);
        }

        /// <summary>A model entry (or the file's root): a Sequential, or a functional model with its calls in order.</summary>
        public ParsedNet Net(JObject entry, bool isRoot)
        {
            var className = (string?)entry["class_name"];
            var location = Locate(entry["class_name"] ?? entry);
            if (className is not ("Model" or "Functional"))
            {
                // A Sequential (or what the normaliser refuses, with its message).
                var (_, sequentialName, entries) = KerasConfigNormalizer.Model(entry);
                var sequentialLayers = new List<ParsedLayer>();
                for (int i = 0; i < entries.Count; i++)
                {
                    var (layerClass, config, layerEntry) = entries[i];
                    var name = (string?)config["name"] ?? $"#{i}";
                    if (isRoot && KerasConfigNormalizer.IsModel(layerClass))
                        throw new KerasJsonException($"layer '{name}' is a model ({layerClass}) inside a Sequential: the generator makes a Sequential class of plain layers only. Read this file with ModelFromJson, or save the outer model as a functional model (its nested models are generated).", layerEntry["class_name"] ?? layerEntry);
                    sequentialLayers.Add(Layer(layerClass, name, config, layerEntry));
                }
                return new ParsedNet(false, sequentialName, location, new EquatableArray<ParsedLayer>(sequentialLayers),
                    EquatableArray<ParsedCall>.Empty, EquatableArray<ParsedTensor>.Empty, EquatableArray<ParsedTensor>.Empty);
            }

            var graph = entry["config"] as JObject ?? throw new KerasJsonException($"The {className} model `config` is not a dict.", entry["config"]);
            var keras3 = KerasConfigNormalizer.IsKeras3(entry);
            var (modelName, graphLayers, inputs, outputs) = KerasConfigNormalizer.Graph(graph);
            var layers = graphLayers.Select(l => Layer(l.ClassName, l.Name, l.Config, l.Entry)).ToList();
            var byName = new Dictionary<string, int>();
            for (int i = 0; i < graphLayers.Count; i++) byName[graphLayers[i].Name] = i;

            // SavingApi.FromGraph: the calls in layer order, again and again until each call's inputs exist.
            var made = graphLayers.Select(l => l.ClassName == "InputLayer" ? 1 : 0).ToArray();
            var pending = graphLayers.Select(l => new Queue<List<KerasConfigNormalizer.InboundTensor>>(l.Calls)).ToList();
            ParsedTensor? Tensor(KerasConfigNormalizer.InboundTensor at)
            {
                if (!byName.TryGetValue(at.Layer, out var layer))
                    throw new KerasJsonException($"model_from_json: a layer call reads from layer '{at.Layer}', which the model does not have.", at.At);
                var call = at.Node - KerasConfigNormalizer.NodeOffset(graphLayers[layer].ClassName, keras3);
                return call >= 0 && call < made[layer] ? new ParsedTensor(layer, call, at.Tensor) : null;
            }
            var calls = new List<ParsedCall>();
            while (pending.Any(q => q.Count > 0))
            {
                var progress = false;
                for (int i = 0; i < graphLayers.Count; i++)
                {
                    while (pending[i].Count > 0 && pending[i].Peek().Select(Tensor).ToList() is var tensors && tensors.All(t => t is not null))
                    {
                        var call = pending[i].Dequeue();
                        var training = call.Select(c => c.Kwargs["training"]).FirstOrDefault(t => t is { Type: JTokenType.Boolean });
                        calls.Add(new ParsedCall(i, new EquatableArray<ParsedTensor>(tensors!), training is null ? null : (bool)training));
                        made[i]++;
                        progress = true;
                    }
                }
                if (!progress)
                {
                    var stuck = Enumerable.Range(0, graphLayers.Count).First(i => pending[i].Count > 0);
                    var reads = pending[stuck].Peek();
                    throw new KerasJsonException($"model_from_json: the call of layer '{graphLayers[stuck].Name}' reads tensors that no call makes ({string.Join(", ", reads.Select(t => $"{t.Layer}[{t.Node}][{t.Tensor}]"))}).",
                        reads.FirstOrDefault(t => Tensor(t) is null)?.At ?? graphLayers[stuck].Entry);
                }
            }
            EquatableArray<ParsedTensor> Coordinates(List<KerasConfigNormalizer.InboundTensor> list) =>
                new(list.Select(at => Tensor(at)
                    ?? throw new KerasJsonException($"model_from_json: the model's input or output {at.Layer}[{at.Node}][{at.Tensor}] is not made by any call.", at.At)));
            return new ParsedNet(true, modelName, location, new EquatableArray<ParsedLayer>(layers), new EquatableArray<ParsedCall>(calls), Coordinates(inputs), Coordinates(outputs));
        }
    }
}
