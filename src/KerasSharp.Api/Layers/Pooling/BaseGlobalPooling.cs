using System.Linq;
using KerasSharp.Backend;
using static TorchSharp.torch;

namespace KerasSharp.Layers;

/// <summary>Rank-generic global pooling: reduces every spatial axis, leaving (batch, channels).</summary>
public abstract class BaseGlobalPooling : Layer
{
    private readonly bool _max;

    protected BaseGlobalPooling(int rank, bool max, string? data_format, Shape? input_shape, Shape? batch_input_shape,
                                string? name, bool trainable, string? dtype)
        : base(name, trainable, input_shape, batch_input_shape, dtype)
    {
        _max = max;
        Rank = rank;
        DataFormat = ArgumentValidation.DataFormat(data_format);
        InputSpec = new InputSpec { Ndim = rank + 2 };
    }

    public int Rank { get; }
    public string DataFormat { get; }

    private long[] SpatialAxes =>
        Enumerable.Range(DataFormat == Nn.ChannelsLast ? 1 : 2, Rank).Select(i => (long)i).ToArray();

    protected override Tensor Call(Tensor inputs, bool training) =>
        _max ? inputs.amax(SpatialAxes) : inputs.mean(SpatialAxes);

    public override Shape ComputeOutputShape(Shape input_shape) =>
        new(input_shape[0], input_shape[DataFormat == Nn.ChannelsLast ? -1 : 1]);
}
