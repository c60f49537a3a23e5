using System;
using System.Collections.Generic;
using System.Linq;
using KerasSharp.Activations;
using KerasSharp.Backend;
using KerasSharp.Constraints;
using KerasSharp.Initializers;
using KerasSharp.Regularizers;
using static TorchSharp.torch;

namespace KerasSharp.Layers;

/// <summary>
/// What every convolution shares (Keras's <c>_Conv</c> arguments): the geometry (kernel_size, strides, padding,
/// data_format, dilation_rate) with Keras's checks, the activation, the bias and the activity penalty, and the output
/// shape. <see cref="BaseConv"/> adds a full kernel, <see cref="BaseDepthwiseConv"/> a depthwise one.
/// </summary>
public abstract class BaseConvolution : Layer
{
    private KerasVariable? _bias;

    private protected BaseConvolution(int rank, int[] kernel_size, int[] strides, string padding, string? data_format,
                                      int[] dilation_rate, ActivationFunction? activation, bool use_bias,
                                      Initializer? bias_initializer, Regularizer? bias_regularizer,
                                      Regularizer? activity_regularizer, Constraint? bias_constraint,
                                      Shape? input_shape, Shape? batch_input_shape, string? name, bool trainable,
                                      string? dtype, string[] paddings)
        : base(name, trainable, input_shape, batch_input_shape, dtype)
    {
        Rank = rank;
        KernelSize = Check(nameof(kernel_size), kernel_size);
        Strides = Check(nameof(strides), strides);
        Padding = ArgumentValidation.OneOf(nameof(padding), padding, paddings);
        DataFormat = ArgumentValidation.DataFormat(data_format);
        DilationRate = Check(nameof(dilation_rate), dilation_rate);
        if (Strides.Any(s => s != 1) && DilationRate.Any(d => d != 1))
            throw new ArgumentException($"`strides > 1` not supported in conjunction with `dilation_rate > 1`. Received: strides={Tuple(Strides)} and dilation_rate={Tuple(DilationRate)}", nameof(strides));
        Activation = activation ?? ActivationFunction.Linear;
        UseBias = use_bias;
        BiasInitializer = bias_initializer ?? new Zeros();
        BiasRegularizer = bias_regularizer;
        ActivityRegularizer = activity_regularizer;
        BiasConstraint = bias_constraint;
        InputSpec = new InputSpec { Ndim = rank + 2 };
    }

    public int Rank { get; }
    public int[] KernelSize { get; }
    public int[] Strides { get; }
    public string Padding { get; }
    public string DataFormat { get; }
    public int[] DilationRate { get; }
    public ActivationFunction Activation { get; }
    public bool UseBias { get; }
    public Initializer BiasInitializer { get; }
    public Regularizer? BiasRegularizer { get; }
    public Regularizer? ActivityRegularizer { get; }
    public Constraint? BiasConstraint { get; }

    public KerasVariable? Bias => _bias;

    /// <summary>The input's channel axis, batch axis included.</summary>
    private protected int ChannelAxis => DataFormat == Nn.ChannelsLast ? Rank + 1 : 1;

    /// <summary>The output channels for a number of input channels (unknown: null).</summary>
    private protected abstract int? OutputChannels(int? inputDim);

    /// <summary>The input's channel count, which building needs.</summary>
    private protected int InputChannels(Shape input_shape) =>
        input_shape[ChannelAxis] ?? throw new KerasException($"The channel dimension of the inputs to `{GetType().Name}` should be defined. Found `None`. (layer {Name}, input shape {input_shape})");

    /// <summary>Creates the bias (when used) after the kernels, Keras's weight order, and fixes the input's channels.</summary>
    private protected void BuildBias(int inputDim)
    {
        if (UseBias) _bias = AddWeight("bias", new long[] { OutputChannels(inputDim)!.Value }, BiasInitializer, BiasRegularizer, constraint: BiasConstraint);
        InputSpec = new InputSpec { Ndim = Rank + 2, Axes = new Dictionary<int, int> { [ChannelAxis] = inputDim } };
    }

    protected override void AfterCall(Tensor outputs)
    {
        if (ActivityRegularizer is not null) AddActivityLoss(ActivityRegularizer.Call(outputs));
    }

    public override Shape ComputeOutputShape(Shape input_shape)
    {
        var first = DataFormat == Nn.ChannelsLast ? 1 : 2;
        var dims = input_shape.Dims.ToArray();
        for (int i = 0; i < Rank; i++)
        {
            var length = SamePadding.OutputLength(dims[first + i], KernelSize[i], Padding, Strides[i], DilationRate[i]);
            if (length is <= 0)
                throw new KerasException($"Layer {Name}: kernel_size={Tuple(KernelSize)} with dilation_rate={Tuple(DilationRate)} and padding='{Padding}' does not fit the input of shape {input_shape}: the output would have size {length} on spatial axis {i}.");
            dims[first + i] = length;
        }
        var channel = DataFormat == Nn.ChannelsLast ? dims.Length - 1 : 1;
        dims[channel] = OutputChannels(dims[channel]);
        return new Shape(dims);
    }

    private int[] Check(string argument, int[] values)
    {
        if (values.Length != Rank || values.Any(v => v <= 0))
            throw new ArgumentException($"The `{argument}` argument must be a tuple of {Rank} strictly positive integers. Received {argument}={Tuple(values)}", argument);
        return values;
    }

    private protected static string Tuple(IEnumerable<int> values) => "(" + string.Join(", ", values) + (values.Count() == 1 ? ",)" : ")");
}
