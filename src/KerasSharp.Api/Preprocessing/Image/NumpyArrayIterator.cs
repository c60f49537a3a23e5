using System;
using KerasSharp.Backend;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasSharp.Preprocessing.Image;

/// <summary>
/// What <c>ImageDataGenerator.Flow</c> returns (keras_preprocessing's NumpyArrayIterator): augmented batches of
/// in-memory images, as a <see cref="KerasSharp.Utils.Sequence"/> for <c>FitGenerator</c> and as an endless
/// enumerable for <c>foreach (var (X_batch, y_batch) in datagen.Flow(...))</c>.
/// </summary>
public sealed class NumpyArrayIterator : ImageIterator
{
    private readonly Tensor _x;
    private readonly Tensor? _y;
    private readonly Tensor? _sampleWeight;
    private readonly ImageDataGenerator _generator;

    internal NumpyArrayIterator(Tensor x, Tensor? y, ImageDataGenerator generator, int batchSize, bool shuffle,
                                Tensor? sampleWeight, int? seed, string dataFormat, string? saveToDir,
                                string savePrefix, string saveFormat, string? subset)
        : base(Check(x, y, sampleWeight, generator, subset), batchSize, shuffle, seed, saveToDir, savePrefix, saveFormat, dataFormat)
    {
        if (subset is not null)
        {
            var split = (int)(x.shape[0] * generator.ValidationSplit);
            Tensor? Part(Tensor? t) => t is null ? null : subset == "validation" ? t[..split] : t[split..];
            (x, y, sampleWeight) = (Part(x)!, Part(y), Part(sampleWeight));
        }
        generator.WarnOnChannels(x, "NumpyArrayIterator");
        _x = x;
        _y = y;
        _sampleWeight = sampleWeight;
        _generator = generator;
    }

    /// <summary>Checks the arrays and returns the number of samples in the chosen subset.</summary>
    private static int Check(Tensor x, Tensor? y, Tensor? sampleWeight, ImageDataGenerator generator, string? subset)
    {
        if (y is not null && y.shape[0] != x.shape[0])
            throw new ArgumentException($"`x` (images tensor) and `y` (labels) should have the same length. Found: x.shape = {Layer.ShapeText(x.shape)}, y.shape = {Layer.ShapeText(y.shape)}", nameof(y));
        if (sampleWeight is not null && sampleWeight.shape[0] != x.shape[0])
            throw new ArgumentException($"`x` (images tensor) and `sample_weight` should have the same length. Found: x.shape = {Layer.ShapeText(x.shape)}, sample_weight.shape = {Layer.ShapeText(sampleWeight.shape)}", "sample_weight");
        if (x.dim() != 4)
            throw new ArgumentException($"Input data in `NumpyArrayIterator` should have rank 4. You passed an array with shape {Layer.ShapeText(x.shape)}", nameof(x));
        var n = (int)x.shape[0];
        if (subset is null) return n;
        ArgumentValidation.OneOf(nameof(subset), subset, "training", "validation");
        var split = (int)(n * generator.ValidationSplit);
        if (split == 0) throw new ArgumentException($"subset='{subset}' needs a validation_split on the ImageDataGenerator.", nameof(subset));
        return subset == "validation" ? split : n - split;
    }

    protected override (Tensor x, Tensor? y, Tensor? sample_weight) Batch(Tensor indices, torch.Generator? generator)
    {
        var x = _x.index_select(0, indices).to(float32, KerasBackend.Device);
        x = _generator.AugmentAndStandardize(x, generator);
        return (x, _y?.index_select(0, indices), _sampleWeight?.index_select(0, indices));
    }
}
