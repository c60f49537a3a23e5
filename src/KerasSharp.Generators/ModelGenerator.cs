using System;
using System.IO;
using System.Linq;
using KerasSharp.Generators.Binding;
using KerasSharp.Generators.Catalog;
using KerasSharp.Generators.Diagnostics;
using KerasSharp.Generators.Emitting;
using KerasSharp.Generators.Infrastructure;
using KerasSharp.Generators.Parsing;
using Microsoft.CodeAnalysis;

namespace KerasSharp.Generators;

/// <summary>
/// Turns each saved Keras model (an AdditionalFiles item ending in <c>.model.json</c>, or carrying KerasModelClass)
/// into a typed model class. Each step holds only equatable values, so an unrelated edit reuses the cached output.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ModelGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names of the pipeline steps (for incremental tests).</summary>
    public static class Steps
    {
        public const string Sources = "KerasModelSources";
        public const string Parsed = "KerasModelParsed";
        public const string Catalog = "KerasLayerCatalog";
        public const string Bound = "KerasModelBound";
        public const string Collisions = "KerasModelCollisions";
    }

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var sources = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select((pair, cancellationToken) =>
            {
                var (file, options) = pair;
                var metadata = options.GetOptions(file);
                metadata.TryGetValue("build_metadata.AdditionalFiles.KerasModelClass", out var className);
                metadata.TryGetValue("build_metadata.AdditionalFiles.KerasModelNamespace", out var ns);
                options.GlobalOptions.TryGetValue("build_property.RootNamespace", out var rootNamespace);
                var isModel = file.Path.EndsWith(".model.json", StringComparison.OrdinalIgnoreCase) || !string.IsNullOrWhiteSpace(className);
                return isModel ? new ModelSource(file.Path, file.GetText(cancellationToken)?.ToString() ?? "", className, ns, rootNamespace) : null;
            })
            .Where(source => source is not null)
            .Select((source, _) => source!)
            .WithTrackingName(Steps.Sources);

        var parsed = sources.Select(ModelParser.Parse).WithTrackingName(Steps.Parsed);
        var catalog = context.CompilationProvider.Select(CatalogReader.Read).WithTrackingName(Steps.Catalog);
        var bound = parsed.Combine(catalog)
            .Select((pair, cancellationToken) => ModelBinder.Bind(pair.Left, pair.Right, cancellationToken))
            .WithTrackingName(Steps.Bound);
        var collisions = bound.Select((model, _) => model.FullName).Collect()
            .Select((names, _) => new EquatableArray<string>(names.GroupBy(n => n).Where(g => g.Count() > 1).Select(g => g.Key).OrderBy(n => n, StringComparer.Ordinal)))
            .WithTrackingName(Steps.Collisions);

        context.RegisterSourceOutput(bound.Combine(collisions), static (output, pair) =>
        {
            var (model, taken) = pair;
            foreach (var diagnostic in model.Diagnostics) output.ReportDiagnostic(diagnostic.ToDiagnostic());
            if (taken.Contains(model.FullName))
            {
                output.ReportDiagnostic(DiagnosticInfo.Create(Descriptors.InvalidClassName, LocationInfo.FileStart(model.FilePath),
                    Path.GetFileName(model.FilePath), $"another model file also generates the class {model.FullName}; give one a KerasModelClass").ToDiagnostic());
                return;
            }
            if (model.CanEmit) output.AddSource(ModelEmitter.HintName(model), ModelEmitter.Emit(model));
        });
    }
}
