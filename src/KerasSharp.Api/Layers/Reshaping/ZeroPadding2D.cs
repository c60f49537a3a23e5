using System;
using KerasSharp.Backend;
using static TorchSharp.torch;

namespace KerasSharp.Layers;

/// <summary><c>keras.layers.ZeroPadding2D(padding=(1, 1), data_format=None)</c>.</summary>
[KerasLayer("ZeroPadding2D")]
public sealed class ZeroPadding2D : Layer
{
    public ZeroPadding2D(Padding2D? padding = null, string? data_format = null, Shape? input_shape = null,
                         Shape? batch_input_shape = null, string? name = null, bool trainable = true,
                         string? dtype = null)
        : base(name, trainable, input_shape, batch_input_shape, dtype)
    {
        Padding = padding ?? 1;
        if (Padding.Top < 0 || Padding.Bottom < 0 || Padding.Left < 0 || Padding.Right < 0)
            throw new ArgumentException($"`padding` should not contain negative values. Received: padding={Padding}", nameof(padding));
        DataFormat = ArgumentValidation.DataFormat(data_format);
        InputSpec = new InputSpec { Ndim = 4 };
    }

    public Padding2D Padding { get; }
    public string DataFormat { get; }

    protected override Tensor Call(Tensor inputs, bool training)
    {
        var p = Padding;
        // torch's pad lists the last axis first.
        var pads = DataFormat == Nn.ChannelsLast
            ? new long[] { 0, 0, p.Left, p.Right, p.Top, p.Bottom }
            : new long[] { p.Left, p.Right, p.Top, p.Bottom };
        return nn.functional.pad(inputs, pads);
    }

    public override Shape ComputeOutputShape(Shape input_shape)
    {
        var (h, w) = DataFormat == Nn.ChannelsLast ? (1, 2) : (2, 3);
        return input_shape.Replace(h, input_shape[h] + Padding.Top + Padding.Bottom)
                          .Replace(w, input_shape[w] + Padding.Left + Padding.Right);
    }
}
