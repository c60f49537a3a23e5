using System;
using System.Linq;
using KerasSharp.Backend;
using static TorchSharp.torch;

namespace KerasSharp.Layers;

/// <summary>Rank-generic max/average pooling (Keras's <c>_Pooling2D</c>); strides default to pool_size.</summary>
public abstract class BasePooling : Layer
{
    private readonly bool _max;

    protected BasePooling(int rank, bool max, int[] pool_size, int[]? strides, string padding, string? data_format,
                          Shape? input_shape, Shape? batch_input_shape, string? name, bool trainable, string? dtype)
        : base(name, trainable, input_shape, batch_input_shape, dtype)
    {
        _max = max;
        Rank = rank;
        PoolSize = Check(nameof(pool_size), pool_size, rank);
        Strides = Check(nameof(strides), strides ?? pool_size, rank);
        Padding = ArgumentValidation.OneOf(nameof(padding), padding, "valid", "same");
        DataFormat = ArgumentValidation.DataFormat(data_format);
        InputSpec = new InputSpec { Ndim = rank + 2 };
    }

    public int Rank { get; }
    public int[] PoolSize { get; }
    public int[] Strides { get; }
    public string Padding { get; }
    public string DataFormat { get; }

    protected override Tensor Call(Tensor inputs, bool training)
    {
        // Built for unknown sizes (None), the layer meets the real ones here: check them before libtorch does.
        ComputeOutputShape(inputs.shape);
        return Nn.Pool(inputs, PoolSize, Strides, Padding, DataFormat, _max);
    }

    public override Shape ComputeOutputShape(Shape input_shape)
    {
        var first = DataFormat == Nn.ChannelsLast ? 1 : 2;
        var dims = input_shape.Dims.ToArray();
        for (int i = 0; i < Rank; i++)
        {
            var length = SamePadding.OutputLength(dims[first + i], PoolSize[i], Padding, Strides[i]);
            if (length is <= 0)
                throw new KerasException($"Layer {Name}: pool_size=({string.Join(", ", PoolSize)}) with padding='{Padding}' does not fit the input of shape {input_shape}: negative dimension size caused by subtracting {PoolSize[i]} from {dims[first + i]}.");
            dims[first + i] = length;
        }
        return new Shape(dims);
    }

    private static int[] Check(string argument, int[] values, int rank)
    {
        if (values.Length != rank || values.Any(v => v <= 0))
            throw new ArgumentException($"The `{argument}` argument must be a tuple of {rank} strictly positive integers. Received {argument}=({string.Join(", ", values)})", argument);
        return values;
    }
}
