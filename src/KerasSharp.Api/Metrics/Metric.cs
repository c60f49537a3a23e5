using System;
using KerasSharp.Losses;
using KerasSharp.Saving;
using Newtonsoft.Json.Linq;
using static TorchSharp.torch;

namespace KerasSharp.Metrics;

/// <summary>
/// A Keras metric function: per-sample values, averaged over each epoch by the trainer. The log key is the name the
/// user gave (<c>'acc'</c> or <c>'accuracy'</c>), as in Keras 2.3.
/// </summary>
public abstract class Metric
{
    protected Metric(string name) => Name = name;

    /// <summary>The key in logs and History, e.g. <c>accuracy</c> (with <c>val_</c> for validation).</summary>
    public string Name { get; }

    /// <summary>The metric per sample, shape (batch,).</summary>
    public abstract Tensor Call(Tensor y_true, Tensor y_pred);

    /// <summary>The metric under an output mask, as Keras 2.2.4 masks metrics like losses (mask / mean(mask)).</summary>
    internal virtual Tensor CallMasked(Tensor y_true, Tensor y_pred, Tensor mask) => Loss.Masked(Call(y_true, y_pred), mask, Name);

    /// <summary>
    /// <c>keras.metrics.get</c>, plus Keras's resolution of <c>'accuracy'</c>/<c>'acc'</c> from the loss and the output
    /// shape: binary for one output unit or binary_crossentropy, sparse for sparse_categorical_crossentropy,
    /// categorical otherwise. Any loss name works as a metric too. The metric is logged as <paramref name="logName"/>
    /// when given (tf.keras's <c>MeanMetricWrapper(fn, name)</c>), else as <paramref name="name"/>.
    /// </summary>
    public static Metric Get(string name, Loss? loss = null, Shape? outputShape = null, string? logName = null)
    {
        var key = logName ?? name;
        if (name is "accuracy" or "acc")
        {
            if (outputShape?[-1] == 1 || loss is BinaryCrossentropy) return new BinaryAccuracy(key);
            if (loss is SparseCategoricalCrossentropy) return new SparseCategoricalAccuracy(key);
            return new CategoricalAccuracy(key);
        }
        if (ObjectRegistry.Create<Metric>(name, new JObject { ["name"] = key }) is { } metric) return metric;
        if (ObjectRegistry.Create<Loss>(name) is { } lossFunction) return new LossMetric(key, lossFunction);
        throw new ArgumentException($"Unknown metric function: '{name}'. Known: accuracy, acc, {ObjectRegistry.KnownNames(typeof(Metric))}, and the losses {ObjectRegistry.KnownNames(typeof(Loss))}.", "metrics");
    }

    public static implicit operator Metric(string name) => Get(name);
}
