using System;
using System.Collections.Generic;
using KerasSharp.Utils;
using static TorchSharp.torch;

namespace KerasSharp.Training;

/// <summary>
/// What Keras accepts as <c>validation_data</c>: arrays <c>(x_val, y_val)</c> (optionally with sample weights), a
/// <see cref="Sequence"/> such as <c>flow_from_directory(...)</c>, or a generator of (x, y) batches. The first two
/// convert implicitly, so <c>validation_data: (x_test, y_test)</c> and <c>validation_data: validation_generator</c>
/// port as written; a C# iterator is passed as <c>new ValidationData(generator)</c> (C# has no implicit conversion
/// from an interface).
/// </summary>
public sealed class ValidationData
{
    private ValidationData(Tensor? x, Tensor? y, Tensor? sampleWeight, Sequence? sequence, IEnumerable<(Tensor x, Tensor y)>? generator)
    {
        (X, Y, SampleWeight, Sequence, Generator) = (x, y, sampleWeight, sequence, generator);
    }

    /// <summary>A generator of (x, y) batches; <c>validation_steps</c> says how many make a validation pass.</summary>
    public ValidationData(IEnumerable<(Tensor x, Tensor y)> generator) : this(null, null, null, null, generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
    }

    internal Tensor? X { get; }
    internal Tensor? Y { get; }
    internal Tensor? SampleWeight { get; }
    internal Sequence? Sequence { get; }
    internal IEnumerable<(Tensor x, Tensor y)>? Generator { get; }

    public static implicit operator ValidationData((Tensor x, Tensor y) arrays) =>
        new(arrays.x ?? throw new ArgumentNullException("validation_data"), arrays.y ?? throw new ArgumentNullException("validation_data"), null, null, null);

    public static implicit operator ValidationData((Tensor x, Tensor y, Tensor sample_weight) arrays) =>
        new(arrays.x ?? throw new ArgumentNullException("validation_data"), arrays.y ?? throw new ArgumentNullException("validation_data"), arrays.sample_weight, null, null);

    public static implicit operator ValidationData(Sequence sequence) =>
        new(null, null, null, sequence ?? throw new ArgumentNullException("validation_data"), null);
}
