using System;
using System.Collections.Generic;
using System.Linq;
using KerasSharp.Losses;
using KerasSharp.Metrics;
using KerasSharp.Models;
using Newtonsoft.Json.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasSharp.Training;

/// <summary>
/// What <c>compile</c> fixes (Keras 2.2.4's training.py <c>compile</c>): a loss (or none) and a weight per output, the
/// metrics of each output, and the log keys in Keras's order: <c>loss</c>, then <c>&lt;output&gt;_loss</c> for each
/// output when there are several, then each output's metrics (prefixed with the output's name when there are several,
/// a repeated key numbered <c>_1</c>, <c>_2</c>...).
/// </summary>
internal sealed class CompileState
{
    private readonly Model _model;
    private List<(Metric Metric, CompiledMetric Spec, int Output)>? _resolved;

    public CompileState(Model model, Loss?[] losses, double[] lossWeights, IReadOnlyList<CompiledMetric> metrics)
    {
        _model = model;
        OutputNames = model.OutputNames;
        Losses = losses;
        LossWeights = lossWeights;
        Requested = metrics;
        foreach (var metric in metrics.Where(m => m.Given is null))
            for (int o = 0; o < losses.Length; o++) Metric.Get(metric.Function, losses[o]); // an unknown name fails now, as in Keras
        var names = new List<string> { "loss" };
        if (OutputNames.Count > 1)
            for (int o = 0; o < OutputNames.Count; o++)
                if (losses[o] is not null) names.Add($"{OutputNames[o]}_loss");
        var metricNames = new List<string>();
        for (int o = 0; o < OutputNames.Count; o++)
            foreach (var metric in metrics.Where(m => m.Output is null || m.Output == o))
            {
                var name = OutputNames.Count > 1 ? $"{OutputNames[o]}_{metric.Name}" : metric.Name;
                var unique = name;
                for (int j = 1; names.Contains(unique); j++) unique = $"{name}_{j}";
                names.Add(unique);
                metricNames.Add(unique);
            }
        MetricsNames = names;
        _metricKeys = metricNames;
    }

    private readonly List<string> _metricKeys;

    public IReadOnlyList<string> OutputNames { get; }
    public Loss?[] Losses { get; }
    public double[] LossWeights { get; }
    public IReadOnlyList<CompiledMetric> Requested { get; }

    /// <summary>Keras's <c>model.metrics_names</c>.</summary>
    public IReadOnlyList<string> MetricsNames { get; }

    /// <summary>How many of <see cref="MetricsNames"/> are losses (the total and the outputs'), logged per batch; the rest are running means.</summary>
    public int LossCount => MetricsNames.Count - _metricKeys.Count;

    /// <summary>The one loss every output shares, or null when they differ (or there is none).</summary>
    public Loss? SharedLoss => Losses.Distinct().Count() == 1 ? Losses[0] : null;

    /// <summary>
    /// The compile arguments in the form Keras 2 saves them (<c>training_config</c>): the loss by name (a dictionary by
    /// output when the outputs' differ), the loss weights (null when all are 1), the metrics (a list for every output, a
    /// dictionary for per-output ones), the weighted metrics (null when none).
    /// </summary>
    public (JToken Loss, JToken LossWeights, JToken Metrics, JToken WeightedMetrics) Keras2Arguments()
    {
        JToken loss = SharedLoss is { } shared ? shared.Name
            : new JObject(OutputNames.Select((o, i) => (o, i)).Where(p => Losses[p.i] is not null).Select(p => new JProperty(p.o, Losses[p.i]!.Name)));
        JToken weights = LossWeights.All(w => w == 1) ? JValue.CreateNull() : new JArray(LossWeights);
        JToken Metrics(bool weighted)
        {
            var specs = Requested.Where(m => m.Weighted == weighted).ToList();
            if (specs.All(m => m.Output is null)) return weighted && specs.Count == 0 ? JValue.CreateNull() : new JArray(specs.Select(m => m.Function));
            return new JObject(OutputNames.Select((o, i) => new JProperty(o, new JArray(specs.Where(m => m.Output is null || m.Output == i).Select(m => m.Function)))));
        }
        return (loss, weights, Metrics(false), Metrics(true));
    }

    /// <summary>How each output's targets are standardised, against the built model.</summary>
    public TargetSpec?[] Targets()
    {
        var outputs = _model.OutputShapesForTraining;
        return Losses.Select((loss, o) => loss is null ? null : new TargetSpec(loss, OutputNames[o], outputs[o])).ToArray();
    }

    private List<(Metric Metric, CompiledMetric Spec, int Output)> Resolved
    {
        get
        {
            if (_resolved is not null) return _resolved;
            var shapes = _model.OutputShapesForTraining;
            var resolved = new List<(Metric, CompiledMetric, int)>();
            var k = 0;
            for (int o = 0; o < OutputNames.Count; o++)
                foreach (var spec in Requested.Where(m => m.Output is null || m.Output == o))
                {
                    var key = _metricKeys[k++];
                    resolved.Add((spec.Given ?? Metric.Get(spec.Function, Losses[o], shapes[o], key), spec, o));
                }
            return _resolved = resolved;
        }
    }

    /// <summary>
    /// Keras 2.3.1's total loss: Σ weight·(weighted mean of the output's per-sample loss, Σ l·w / batch size), plus
    /// every weight penalty and every added loss. Returns the total and each output's loss. An output's mask scales
    /// its loss values by mask / mean(mask) (Keras 2.2.4's <c>weighted_masked_objective</c>): the mean over unmasked entries.
    /// </summary>
    public (Tensor Total, Tensor?[] OutputLosses) TotalLoss(Tensor[] y, Tensor[] yPred, Tensor?[]? sampleWeights, IEnumerable<Tensor> extraLosses,
                                                           IReadOnlyList<Tensor?>? masks = null)
    {
        var outputLosses = new Tensor?[Losses.Length];
        Tensor? total = null;
        for (int o = 0; o < Losses.Length; o++)
        {
            if (Losses[o] is not { } loss) continue;
            var perSample = loss.Call(y[o], yPred[o], masks?[o]);
            if (perSample.dim() == 0) perSample = perSample.expand(yPred[o].shape[0]);
            var weight = sampleWeights?[o];
            var value = weight is null ? perSample.mean() : (perSample * weight).sum() / perSample.shape[0];
            outputLosses[o] = value;
            var weighted = LossWeights[o] == 1 ? value : value * LossWeights[o];
            total = total is null ? weighted : total + weighted;
        }
        foreach (var extra in extraLosses)
        {
            var scalar = extra.dim() == 0 ? extra : extra.mean();
            total = total is null ? scalar : total + scalar;
        }
        return (total ?? throw new KerasException($"Model {_model.Name} has nothing to minimise: compile it with a loss, or give it losses with AddLoss."), outputLosses);
    }

    /// <summary>The step's log values in <see cref="MetricsNames"/> order: total loss, output losses, metrics.</summary>
    public double[] StepOutputs(Tensor total, Tensor?[] outputLosses, Tensor[]? y, Tensor[] yPred, Tensor?[]? sampleWeights,
                                IReadOnlyList<Tensor?>? masks = null)
    {
        var outs = new List<double> { total.item<float>() };
        if (OutputNames.Count > 1) outs.AddRange(outputLosses.OfType<Tensor>().Select(l => (double)l.item<float>()));
        using var noGrad = torch.no_grad();
        foreach (var (metric, spec, o) in Resolved)
        {
            // Keras 2.2.4 masks metrics as it masks losses (weighted_masked_objective around each metric function).
            var values = masks?[o] is { } mask ? metric.CallMasked(y![o], yPred[o].detach(), mask) : metric.Call(y![o], yPred[o].detach());
            if (values.dim() == 0) values = values.expand(yPred[o].shape[0]);
            var weight = sampleWeights?[o];
            var value = spec.Weighted && weight is not null ? (values * weight).sum() / weight.sum() : values.mean();
            outs.Add(value.item<float>());
        }
        return outs.ToArray();
    }
}
