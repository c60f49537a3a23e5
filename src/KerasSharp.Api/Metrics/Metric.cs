using System;
using System.Collections.Generic;
using KerasSharp.Losses;
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
        return name switch
        {
            "categorical_accuracy" => new CategoricalAccuracy(key),
            "sparse_categorical_accuracy" => new SparseCategoricalAccuracy(key),
            "binary_accuracy" => new BinaryAccuracy(key),
            "top_k_categorical_accuracy" => new TopKCategoricalAccuracy(name: key),
            "sparse_top_k_categorical_accuracy" => new SparseTopKCategoricalAccuracy(name: key),
            _ => TryLoss(name, key) ?? throw new ArgumentException($"Unknown metric function: '{name}'.", "metrics"),
        };
    }

    private static Metric? TryLoss(string name, string key)
    {
        try
        {
            return new LossMetric(key, Loss.Get(name));
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    public static implicit operator Metric(string name) => Get(name);
}
