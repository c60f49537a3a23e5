using System;
using System.Collections.Generic;
using System.Linq;
using KerasSharp.Models;
using KerasSharp.Optimizers;
using Newtonsoft.Json.Linq;
using static TorchSharp.torch;

namespace KerasSharp.Saving;

/// <summary>
/// A Keras 2 optimizer in Keras 3's terms (keras@v3 optimizers/base_optimizer.py and each optimizer's build): its
/// <c>compile_config</c> entry, and its variables as <c>optimizer/vars/0..n</c> of model.weights.h5 — iterations,
/// the learning rate (a variable unless it is a schedule), then the slots; slots that <c>add_optimizer_variables</c>
/// creates together are interleaved per model variable (Adam: m₀ v₀ m₁ v₁ …, then every vhat when amsgrad).
/// </summary>
internal static class Keras3Optimizer
{
    // Keras 3's base optimizer arguments, at the values that leave the Keras 2 update as it is.
    private static readonly JObject BaseDefaults = new()
    {
        ["weight_decay"] = null, ["clipnorm"] = null, ["global_clipnorm"] = null, ["clipvalue"] = null, ["use_ema"] = false,
        ["ema_momentum"] = 0.99, ["ema_overwrite_frequency"] = null, ["loss_scale_factor"] = null,
        ["gradient_accumulation_steps"] = null,
    };

    /// <summary>
    /// The optimizer entry of <c>compile_config</c>. Keras 3 has no <c>decay</c>: lr/(1 + decay·iterations) becomes
    /// <c>InverseTimeDecay(lr, decay_steps=1, decay_rate=decay)</c>; Keras 2's clipnorm (over all gradients) is
    /// Keras 3's <c>global_clipnorm</c>; Nadam's schedule_decay is Keras 3's fixed 0.004.
    /// </summary>
    public static JObject Config(Optimizer optimizer)
    {
        var keras2 = (JObject)KerasConfig.Serialize(optimizer)["config"]!;
        var config = new JObject { ["name"] = KerasNaming.ToSnakeCase(optimizer.GetType().Name) };
        foreach (var (key, value) in BaseDefaults) config[key] = value?.DeepClone();
        config["global_clipnorm"] = keras2["clipnorm"] ?? JValue.CreateNull();
        config["clipvalue"] = keras2["clipvalue"] ?? JValue.CreateNull();
        foreach (var (key, value) in keras2)
            if (key is not ("decay" or "clipnorm" or "clipvalue" or "schedule_decay")) config[key] = value;
        if (optimizer is Nadam { ScheduleDecay: not OptimizerDefaults.NadamScheduleDecay } nadam)
            throw new KerasException($"A .keras file cannot hold Nadam(schedule_decay={nadam.ScheduleDecay}): Keras 3's Nadam fixes it at {OptimizerDefaults.NadamScheduleDecay}.");
        // Keras 3's Adagrad starts its accumulators at 0.1; Keras 2's at 0.
        if (optimizer is Adagrad) config["initial_accumulator_value"] = 0.0;
        if (optimizer.InitialDecay > 0)
            config["learning_rate"] = new JObject
            {
                ["module"] = "keras.optimizers.schedules", ["class_name"] = "InverseTimeDecay",
                ["config"] = new JObject
                {
                    ["initial_learning_rate"] = optimizer.LearningRate, ["decay_steps"] = 1, ["decay_rate"] = optimizer.InitialDecay,
                    ["staircase"] = false, ["name"] = "InverseTimeDecay",
                },
                ["registered_name"] = null,
            };
        return new JObject
        {
            ["module"] = "keras.optimizers", ["class_name"] = optimizer.GetType().Name, ["config"] = config, ["registered_name"] = null,
        };
    }

    /// <summary>Keras 3's optimizer variables for <paramref name="model"/>'s trainable weights, or null (Nadam: not mapped).</summary>
    public static List<Tensor>? Variables(Optimizer optimizer, Model model)
    {
        var groups = SlotGroups(optimizer);
        if (groups is null) return null;
        var variables = model.TrainableWeights;
        var keras2 = optimizer.GetWeights(variables);
        var n = variables.Count;
        var result = new List<Tensor> { keras2[0] };
        if (optimizer.InitialDecay == 0) result.Add(tensor((float)optimizer.LearningRate));
        foreach (var group in groups)
            for (int i = 0; i < n; i++)
                result.AddRange(group.Select(k => keras2[1 + k * n + i]));
        return result;
    }

    /// <summary>Restores Keras 3 optimizer variables; a count that does not fit warns and leaves the optimizer fresh, as Keras 3 does.</summary>
    public static void Restore(Optimizer optimizer, Model model, IReadOnlyList<Tensor> stored, string path)
    {
        var groups = SlotGroups(optimizer);
        var variables = model.TrainableWeights;
        var n = variables.Count;
        var slots = groups?.Sum(g => g.Length) * n ?? -1;
        var hasRate = stored.Count == 2 + slots;
        if (groups is null || !hasRate && stored.Count != 1 + slots)
        {
            Console.Error.WriteLine($"UserWarning: {path}: skipping the optimizer variables: {optimizer.GetType().Name} has {(groups is null ? "no Keras 3 layout" : $"{1 + slots} or {2 + slots}")} here, the file {stored.Count}.");
            return;
        }
        var kinds = groups.Sum(g => g.Length);
        var keras2 = new Tensor[1 + kinds * n];
        keras2[0] = stored[0];
        var at = hasRate ? 2 : 1;
        foreach (var group in groups)
            for (int i = 0; i < n; i++)
                foreach (var k in group)
                    keras2[1 + k * n + i] = stored[at++];
        try
        {
            optimizer.SetWeights(variables, keras2);
        }
        catch (KerasException e)
        {
            Console.Error.WriteLine($"UserWarning: {path}: the saved optimizer state could not be restored ({e.Message}); the optimizer starts fresh.");
            return;
        }
        if (hasRate) optimizer.LearningRate = stored[1].to_type(ScalarType.Float64).item<double>();
    }

    /// <summary>KerasSharp slot indices in Keras 3's creation order: each group interleaved per variable.</summary>
    private static int[][]? SlotGroups(Optimizer optimizer) => optimizer switch
    {
        Nadam => null,
        Adam { Amsgrad: true } => new[] { new[] { 0, 1 }, new[] { 2 } },
        Adam => new[] { new[] { 0, 1 } },
        SGD { Momentum: 0, Nesterov: false } => Array.Empty<int[]>(),
        Adadelta or Adamax => new[] { new[] { 0, 1 } },
        _ => new[] { new[] { 0 } },
    };
}
