using System;
using System.Collections.Generic;
using System.Linq;
using KerasSharp.Losses;
using KerasSharp.Metrics;
using KerasSharp.Training;
using KerasSharp.Models;
using KerasSharp.Optimizers;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace KerasSharp.Saving;

/// <summary>
/// Compiles a loaded model from the compile arguments its file stores: Keras 2's and tf.keras 2.x's
/// <c>training_config</c> (keras@2.3.1 engine/saving.py; tf.keras 2.10 saving_utils.py
/// <c>compile_args_from_training_config</c>) or Keras 3's <c>compile_config</c>. Losses and metrics may be names or
/// serialised objects (<c>{"class_name": "MeanMetricWrapper", "config": {"name": ..., "fn": ...}}</c>), nested per
/// output as tf.keras writes them; KerasSharp models have one output. Anything it cannot honour is an error naming the
/// key and the value.
/// </summary>
internal static class TrainingConfig
{
    // Optimizer keys of tf.keras 2.11+ and Keras 3 that change nothing at these values (any value for the first three).
    private static readonly Dictionary<string, Func<JToken, bool>> InertKeys = new()
    {
        ["name"] = _ => true,
        ["is_legacy_optimizer"] = _ => true,
        ["jit_compile"] = _ => true,
        ["weight_decay"] = v => v.Type == JTokenType.Null || (double)v == 0,
        ["use_ema"] = v => v.Type == JTokenType.Boolean && !(bool)v,
        ["ema_momentum"] = _ => true,
        ["ema_overwrite_frequency"] = v => v.Type == JTokenType.Null,
        ["loss_scale_factor"] = v => v.Type == JTokenType.Null,
        ["gradient_accumulation_steps"] = v => v.Type == JTokenType.Null,
        ["centered"] = v => v.Type == JTokenType.Boolean && !(bool)v,
        ["momentum"] = v => v.Type is JTokenType.Integer or JTokenType.Float && (double)v == 0,
    };

    /// <summary>Compiles <paramref name="model"/>; <paramref name="what"/> names the file and attribute in errors.</summary>
    public static void Compile(Model model, JObject config, string what)
    {
        var optimizer = ReadOptimizer(config["optimizer_config"] ?? config["optimizer"], what);
        var outputs = model.OutputNames;
        var loss = ReadLosses(config["loss"], outputs, what);
        var weights = ReadWeights(config["loss_weights"], outputs, what);
        if (config["sample_weight_mode"] is { Type: not JTokenType.Null } mode)
            throw new KerasException($"{what}: `sample_weight_mode` {Text(mode)} is not supported.");
        var anyLoss = loss.For(outputs).FirstOrDefault(l => l is not null);
        var metrics = ReadMetrics(config["metrics"], false, anyLoss, outputs, what).Concat(ReadMetrics(config["weighted_metrics"], true, anyLoss, outputs, what));
        model.Compile(optimizer, loss, metrics, weights);
    }

    /// <summary>One loss for every output, a list, or a dictionary by output name (Keras 2 writes what compile was given).</summary>
    private static LossSpec ReadLosses(JToken? token, IReadOnlyList<string> outputs, string what)
    {
        if (token is JObject named && !IsSingle(named))
            return named.Properties().ToDictionary(p => p.Name, p => ReadLoss(p.Value, what));
        if (token is JArray { Count: > 1 } list)
            return list.Select(t => ReadLoss(t, what)).ToArray();
        return ReadLoss(token is JArray { Count: 1 } one ? one[0] : token, what);
    }

    private static LossWeights ReadWeights(JToken? token, IReadOnlyList<string> outputs, string what) => token switch
    {
        null or { Type: JTokenType.Null } => default,
        JArray list => list.Select(v => (double)v).ToArray(),
        JObject named => named.Properties().ToDictionary(p => p.Name, p => (double)p.Value),
        _ => throw new KerasException($"{what}: `loss_weights` {Text(token)} is neither a list nor a dictionary by output name."),
    };

    /// <summary>An optimizer from <c>{"class_name", "config"}</c> (Keras 3 adds module/registered_name).</summary>
    public static Optimizer ReadOptimizer(JToken? token, string what)
    {
        if (token is not JObject { } entry || entry["class_name"]?.Type != JTokenType.String)
            throw new KerasException($"{what}: the optimizer must be {{\"class_name\": ..., \"config\": {{...}}}}, got {Text(token)}.");
        var className = (string)entry["class_name"]!;
        var declaration = ObjectRegistry.Find(typeof(Optimizer), className)
            ?? throw new KerasException($"{what}: unknown optimizer class '{className}'. Known: {ObjectRegistry.KnownNames(typeof(Optimizer))}.");
        var config = entry["config"] as JObject ?? new JObject();
        config = (JObject)config.DeepClone();
        if (config["learning_rate"] is JObject schedule) ApplySchedule(config, schedule, what);
        // Where global_clipnorm exists (tf.keras 2.4+, Keras 3), clipnorm clips each gradient on its own; Keras 2's
        // clipnorm, KerasSharp's, is the global one.
        if (config.Remove("global_clipnorm", out var global))
        {
            if (config["clipnorm"] is { Type: not JTokenType.Null } each)
                throw new KerasException($"{what}: optimizer {className} `clipnorm` = {Text(each)} clips each gradient separately, which KerasSharp does not offer (its clipnorm is Keras 2's, over all gradients: Keras 3's global_clipnorm).");
            config["clipnorm"] = global;
        }
        foreach (var (key, inert) in InertKeys)
            if (config[key] is { } value && inert(value)) config.Remove(key);
        return (Optimizer)KerasConfig.Create(declaration, config, $"{what}: optimizer {className}",
            key => Console.Error.WriteLine($"UserWarning: {what}: optimizer {className} key `{key}` = {Text(config[key])} is ignored."));
    }

    /// <summary>
    /// Keras 3 has no <c>decay</c>; KerasSharp writes Keras 2's lr / (1 + decay·iterations) as
    /// <c>InverseTimeDecay(lr, decay_steps=1, decay_rate=decay)</c>, the same function of the iterations, and reads it back.
    /// </summary>
    private static void ApplySchedule(JObject config, JObject schedule, string what)
    {
        var settings = schedule["config"] as JObject;
        if ((string?)schedule["class_name"] != "InverseTimeDecay" || settings is null || settings["staircase"]?.Type == JTokenType.Boolean && (bool)settings["staircase"]!)
            throw new KerasException($"{what}: the learning-rate schedule {Text(schedule)} is not supported (only InverseTimeDecay without staircase, Keras 2's `decay`).");
        config["learning_rate"] = settings["initial_learning_rate"];
        config["decay"] = (double)settings["decay_rate"]! / (double)settings["decay_steps"]!;
    }

    private static Loss ReadLoss(JToken? token, string what)
    {
        var single = token is { Type: not JTokenType.Null } ? token
            : throw new KerasException($"{what}: no `loss`; a model needs one to be compiled.");
        if (single.Type == JTokenType.String) return Named(() => Loss.Get((string)single!), "loss", single, what);
        var (className, config) = ClassAndConfig(single, "loss", what);
        // Keras 3 serialises a loss function as {"class_name": "function", "config": "<name>"}.
        if (className == "function" && single["config"]?.Type == JTokenType.String)
            return Named(() => Loss.Get((string)single["config"]!), "loss", single, what);
        // Loss classes (CategoricalCrossentropy...) with the arguments KerasSharp's losses have: their defaults.
        foreach (var (key, value) in config)
            if (key is not ("name" or "reduction" or "fn") && !IsDefaultLossArgument(key, value!))
                throw new KerasException($"{what}: loss {className} `{key}` = {Text(value)} is not supported.");
        return Named(() => Loss.Get(className), "loss", single, what);
    }

    private static bool IsDefaultLossArgument(string key, JToken value) => key switch
    {
        "from_logits" => value.Type == JTokenType.Boolean && !(bool)value,
        "label_smoothing" => value.Type is JTokenType.Integer or JTokenType.Float && (double)value == 0,
        "axis" => value.Type == JTokenType.Integer && (int)value == -1,
        "ignore_class" => value.Type == JTokenType.Null,
        _ => false,
    };

    /// <summary>
    /// A list for every output, or one list per output: tf.keras nests them once it has built them (<c>[[...]]</c>, one
    /// per output), and a dictionary by output name is Keras 2's per-output form.
    /// </summary>
    private static IEnumerable<CompiledMetric> ReadMetrics(JToken? token, bool weighted, Loss? loss, IReadOnlyList<string> outputs, string what)
    {
        var key = weighted ? "weighted_metrics" : "metrics";
        if (token is null || token.Type == JTokenType.Null) return Enumerable.Empty<CompiledMetric>();
        IEnumerable<CompiledMetric> List(JToken list, int? output) => (IsSingle(list) ? new JArray(list) : list as JArray
                ?? throw new KerasException($"{what}: `{key}` must be a list, got {Text(list)}."))
            .Select(m => Metric(m, weighted, key, loss, what) with { Output = output }).ToList();
        if (token is JObject named && !IsSingle(named))
            return named.Properties().SelectMany(p => List(p.Value, IndexOf(outputs, p.Name, key, what))).ToList();
        if (token is JArray { Count: > 0 } outer && outer.All(t => t is JArray))
        {
            if (outer.Count == 1) return List(outer[0], null);
            if (outer.Count != outputs.Count)
                throw new KerasException($"{what}: `{key}` has {outer.Count} lists for a model of {outputs.Count} outputs.");
            return outer.SelectMany((list, o) => List(list, o)).ToList();
        }
        return List(token, null);
    }

    private static int IndexOf(IReadOnlyList<string> outputs, string name, string key, string what)
    {
        for (int i = 0; i < outputs.Count; i++) if (outputs[i] == name) return i;
        throw new KerasException($"{what}: `{key}` names the output '{name}', which the model does not have (its outputs: {string.Join(", ", outputs)}).");
    }

    private static CompiledMetric Metric(JToken token, bool weighted, string key, Loss? loss, string what)
    {
        CompiledMetric metric;
        if (token.Type == JTokenType.String)
        {
            metric = new CompiledMetric((string)token!, (string)token!, weighted);
        }
        else
        {
            var (className, config) = ClassAndConfig(token, key, what);
            var name = (string?)config["name"];
            if (className == "MeanMetricWrapper")
            {
                var fn = config["fn"]?.Type == JTokenType.String ? (string)config["fn"]! : null;
                metric = new CompiledMetric(name ?? fn ?? "", fn ?? throw new KerasException($"{what}: `{key}` entry {Text(token)} has no `fn`."), weighted);
            }
            else
            {
                // Metric classes: CategoricalAccuracy -> categorical_accuracy, at their default arguments.
                foreach (var (argument, value) in config)
                    if (argument is not ("name" or "dtype") && !(argument == "threshold" && (double)value! == 0.5) && !(argument == "k" && (int)value! == 5))
                        throw new KerasException($"{what}: metric {className} `{argument}` = {Text(value)} is not supported.");
                var fn = KerasNaming.ToSnakeCase(className);
                metric = new CompiledMetric(name ?? fn, fn, weighted);
            }
        }
        Named(() => Metrics.Metric.Get(metric.Function, loss), key, token, what);
        return metric;
    }

    private static bool IsSingle(JToken token) => token.Type == JTokenType.String || token is JObject o && o.ContainsKey("class_name");

    private static (string ClassName, JObject Config) ClassAndConfig(JToken token, string key, string what) =>
        token is JObject { } o && o["class_name"]?.Type == JTokenType.String
            ? ((string)o["class_name"]!, o["config"] as JObject ?? new JObject())
            : throw new KerasException($"{what}: `{key}` entry {Text(token)} is neither a name nor {{\"class_name\", \"config\"}}.");

    private static T Named<T>(Func<T> get, string key, JToken token, string what)
    {
        try
        {
            return get();
        }
        catch (ArgumentException e)
        {
            throw new KerasException($"{what}: `{key}` {Text(token)}: {e.Message}", e);
        }
    }

    private static string Text(JToken? token) => token?.ToString(Formatting.None) ?? "nothing";
}
