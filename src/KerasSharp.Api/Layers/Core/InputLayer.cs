using System;
using static TorchSharp.torch;

namespace KerasSharp.Layers;

/// <summary>
/// <c>keras.layers.InputLayer</c>: declares a model input. Made with its symbolic output, the tensor that
/// <c>Input(shape: ...)</c> returns; named <c>input_1</c>, <c>input_2</c>... as in Keras 2. A Sequential keeps it out of
/// <c>model.layers</c> and the summary, as standalone Keras 2 does; a functional model lists it. Its <c>dtype</c> is
/// float32 or an integer type (<c>Input(shape: 100, dtype: "int32")</c> before an Embedding).
/// </summary>
[KerasLayer("InputLayer")]
public sealed class InputLayer : Layer
{
    public InputLayer(Shape? input_shape = null, int? batch_size = null, Shape? batch_input_shape = null,
                      string? dtype = null, bool sparse = false, string? name = null)
        : base(name ?? $"input_{Backend.KerasBackend.GetUid("input")}", true, null, Combine(input_shape, batch_size, batch_input_shape), dtype)
    {
        if (sparse)
            throw new ArgumentException("Sparse inputs are not supported. Received: sparse=True", nameof(sparse));
        Sparse = sparse;
        EnsureBuilt(BatchInputShape!);
        _ = new Node(this, Array.Empty<KerasTensor>(), new[] { BatchInputShape! }, null, new[] { Dtype });
    }

    /// <summary>The integer dtypes an input may declare besides float32; its batches are cast to it as Keras feeds them.</summary>
    internal static readonly string[] IntegerDtypes = { "int32", "int64", "int16", "int8", "uint8" };

    /// <summary>A batch for this input: float data truncated to an integer dtype the input declares (numpy's astype), else as given.</summary>
    internal Tensor Feed(Tensor batch) =>
        Dtype == Backend.KerasBackend.FloatXName ? batch : batch.to_type(Backend.Dtypes.Parse(Dtype, "dtype"));

    public bool Sparse { get; }

    /// <summary>The fixed batch size, if <c>batch_size</c> or <c>batch_input_shape</c> gave one.</summary>
    public int? BatchSize => BatchInputShape![0];

    protected override Tensor Call(Tensor inputs, bool training) => inputs.alias();

    private static Shape Combine(Shape? inputShape, int? batchSize, Shape? batchInputShape)
    {
        if (inputShape is not null && batchInputShape is not null)
            throw new ArgumentException($"Only provide the input_shape OR batch_input_shape argument to InputLayer, not both at the same time. Received: input_shape={inputShape}, batch_input_shape={batchInputShape}", "input_shape");
        return batchInputShape ?? inputShape?.WithBatch(batchSize)
            ?? throw new ArgumentException("An InputLayer should be passed either a `batch_input_shape` or an `input_shape`.", "input_shape");
    }
}
