using System;
using System.Linq;
using KerasSharp.Constraints;
using KerasSharp.Initializers;
using KerasSharp.Regularizers;
using static TorchSharp.torch;

namespace KerasSharp.Layers;

/// <summary>
/// <c>keras.layers.Embedding(input_dim, output_dim)</c>: row <c>i</c> of <c>embeddings</c> (input_dim, output_dim) for
/// each index <c>i</c> of the input. Indices of any dtype are taken (floats truncate, as Keras's cast to int32 does);
/// one outside [0, input_dim) is an error naming the layer. As in Keras 2.2.4 the layer always has an input shape,
/// <c>(input_length,)</c> or <c>(None,)</c>, so a Sequential starting with it is built at once.
/// </summary>
[KerasLayer("Embedding")]
public sealed class Embedding : Layer
{
    private KerasVariable? _embeddings;

    public Embedding(int input_dim, int output_dim, Initializer? embeddings_initializer = null,
                     Regularizer? embeddings_regularizer = null, Regularizer? activity_regularizer = null,
                     Constraint? embeddings_constraint = null, bool mask_zero = false, int? input_length = null,
                     Shape? input_shape = null, Shape? batch_input_shape = null, string? name = null,
                     bool trainable = true, string? dtype = null)
        : base(name, trainable, batch_input_shape is null ? input_shape ?? new Shape(input_length) : null, batch_input_shape, dtype)
    {
        InputDim = ArgumentValidation.Positive(nameof(input_dim), input_dim);
        OutputDim = ArgumentValidation.Positive(nameof(output_dim), output_dim);
        EmbeddingsInitializer = embeddings_initializer ?? new RandomUniform();
        EmbeddingsRegularizer = embeddings_regularizer;
        ActivityRegularizer = activity_regularizer;
        EmbeddingsConstraint = embeddings_constraint;
        MaskZero = mask_zero;
        SupportsMasking = mask_zero;
        if (input_length is <= 0)
            throw new ArgumentException($"input_length should be a positive integer or None. Received: input_length={input_length}", nameof(input_length));
        InputLength = input_length;
    }

    public int InputDim { get; }
    public int OutputDim { get; }
    public Initializer EmbeddingsInitializer { get; }
    public Regularizer? EmbeddingsRegularizer { get; }
    public Regularizer? ActivityRegularizer { get; }
    public Constraint? EmbeddingsConstraint { get; }
    public bool MaskZero { get; }
    public int? InputLength { get; }

    public KerasVariable Embeddings => _embeddings ?? throw new KerasException($"Layer {Name} is not built yet.");

    protected override void Build(Shape input_shape) =>
        _embeddings = AddWeight("embeddings", new long[] { InputDim, OutputDim }, EmbeddingsInitializer, EmbeddingsRegularizer, constraint: EmbeddingsConstraint);

    protected override Tensor Call(Tensor inputs, bool training)
    {
        var indices = inputs.dtype == ScalarType.Int64 ? inputs : inputs.to_type(ScalarType.Int64);
        if (indices.numel() > 0)
        {
            var low = indices.min().item<long>();
            var high = indices.max().item<long>();
            if (low < 0 || high >= InputDim)
                throw new KerasException($"Layer {Name}: input index {(low < 0 ? low : high)} is outside [0, input_dim={InputDim}) (the inputs range over [{low}, {high}]).");
        }
        var rows = Embeddings.Value.index_select(0, indices.flatten());
        return rows.reshape(indices.shape.Append(OutputDim).ToArray());
    }

    public override Tensor? ComputeMask(Tensor inputs, Tensor? mask) => MaskZero ? inputs.ne(0) : null;

    private protected override bool[] OutputMasks(bool[] inputMasks, int outputCount) => new[] { MaskZero };

    protected override void AfterCall(Tensor outputs)
    {
        if (ActivityRegularizer is not null) AddActivityLoss(ActivityRegularizer.Call(outputs));
    }

    public override Shape ComputeOutputShape(Shape input_shape)
    {
        if (InputLength is not int length) return new Shape(input_shape.Dims.Append(OutputDim).ToArray());
        if (input_shape.Rank != 2 || input_shape[1] is int steps && steps != length)
            throw new KerasException($"\"input_length\" is {length}, but received input has shape {input_shape} (layer {Name}).");
        return new Shape(input_shape[0], length, OutputDim);
    }
}
