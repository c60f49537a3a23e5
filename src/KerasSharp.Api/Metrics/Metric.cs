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
    /// categorical otherwise. Any loss name works as a metric too.
    /// </summary>
    public static Metric Get(string name, Loss? loss = null, Shape? outputShape = null)
    {
        if (name is "accuracy" or "acc")
        {
            if (outputShape?[-1] == 1 || loss is BinaryCrossentropy) return new BinaryAccuracy(name);
            if (loss is SparseCategoricalCrossentropy) return new SparseCategoricalAccuracy(name);
            return new CategoricalAccuracy(name);
        }
        return name switch
        {
            "categorical_accuracy" => new CategoricalAccuracy(name),
            "sparse_categorical_accuracy" => new SparseCategoricalAccuracy(name),
            "binary_accuracy" => new BinaryAccuracy(name),
            "top_k_categorical_accuracy" => new TopKCategoricalAccuracy(name: name),
            "sparse_top_k_categorical_accuracy" => new SparseTopKCategoricalAccuracy(name: name),
            _ => TryLoss(name) ?? throw new ArgumentException($"Unknown metric function: '{name}'.", "metrics"),
        };
    }

    private static Metric? TryLoss(string name)
    {
        try
        {
            return new LossMetric(name, Loss.Get(name));
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    public static implicit operator Metric(string name) => Get(name);
}
