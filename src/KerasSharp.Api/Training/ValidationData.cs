using System;
using System.Collections.Generic;
using KerasSharp.Utils;
using static TorchSharp.torch;

namespace KerasSharp.Training;

/// <summary>
/// What Keras accepts as <c>validation_data</c>: arrays <c>(x_val, y_val)</c> (optionally with sample weights; a list or
/// dictionary per input and output for a model of several; no targets for a model trained by <c>AddLoss</c> alone), a
/// <see cref="Sequence"/> such as <c>flow_from_directory(...)</c>, or a generator of (x, y) batches. Arrays of one
/// input and a Sequence convert implicitly, so <c>validation_data: (x_test, y_test)</c> and
/// <c>validation_data: validation_generator</c> port as written; the other forms use a constructor (C# has no implicit
/// conversion from an interface, nor from a tuple of lists).
/// </summary>
public sealed class ValidationData
{
    private ValidationData(ArrayData? x, ArrayData? y, ArrayData? sampleWeight, Sequence? sequence, IEnumerable<(ArrayData x, ArrayData y)>? generator)
    {
        (X, Y, SampleWeight, Sequence, Generator) = (x, y, sampleWeight, sequence, generator);
    }

    /// <summary>Arrays for several inputs or outputs: <c>new ValidationData([xa, xb], [y1, y2])</c>.</summary>
    public ValidationData(ArrayData x, ArrayData y = default, ArrayData sample_weight = default)
        : this(x, y.IsEmpty ? (ArrayData?)null : y, sample_weight.IsEmpty ? (ArrayData?)null : sample_weight, null, null)
    {
    }

    /// <summary>A generator of (x, y) batches; <c>validation_steps</c> says how many make a validation pass.</summary>
    public ValidationData(IEnumerable<(Tensor x, Tensor y)> generator)
        : this(null, null, null, null, Adapt(generator ?? throw new ArgumentNullException(nameof(generator))))
    {
    }

    /// <summary>A generator of batches for several inputs or outputs.</summary>
    public ValidationData(IEnumerable<(ArrayData x, ArrayData y)> generator)
        : this(null, null, null, null, generator ?? throw new ArgumentNullException(nameof(generator)))
    {
    }

    private static IEnumerable<(ArrayData x, ArrayData y)> Adapt(IEnumerable<(Tensor x, Tensor y)> generator)
    {
        foreach (var (x, y) in generator) yield return (x, y);
    }

    internal ArrayData? X { get; }
    internal ArrayData? Y { get; }
    internal ArrayData? SampleWeight { get; }
    internal Sequence? Sequence { get; }
    internal IEnumerable<(ArrayData x, ArrayData y)>? Generator { get; }

    public static implicit operator ValidationData((Tensor x, Tensor? y) arrays) =>
        new(arrays.x ?? throw new ArgumentNullException("validation_data"), arrays.y is { } y ? (ArrayData)y : (ArrayData?)null, null, null, null);

    public static implicit operator ValidationData((Tensor x, Tensor y, Tensor sample_weight) arrays) =>
        new(arrays.x ?? throw new ArgumentNullException("validation_data"), arrays.y ?? throw new ArgumentNullException("validation_data"), arrays.sample_weight, null, null);

    public static implicit operator ValidationData(Sequence sequence) =>
        new(null, null, null, sequence ?? throw new ArgumentNullException("validation_data"), null);
}
