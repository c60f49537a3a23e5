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
        CheckStridesAndDilation(Strides, DilationRate);
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

    // The convolution's result (through linear, an alias of it) or a built-in activation of it: new storage either way.
    internal override bool FreshOutputs => ReferenceEquals(Activation, ActivationFunction.Linear) || Activation.HasInPlace;

    protected override void AfterCall(Tensor outputs)
    {
        if (ActivityRegularizer is not null) AddActivityLoss(ActivityRegularizer.Call(outputs));
    }

    public override Shape ComputeOutputShape(Shape input_shape)
    {
        var first = DataFormat == Nn.ChannelsLast ? 1 : 2;
        var dims = input_shape.Dims.ToArray();
        SpatialOutputSizes(this, input_shape, first, KernelSize, Padding, Strides, DilationRate).CopyTo(dims, first);
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

    /// <summary>Keras's refusal of strides and dilation both above 1.</summary>
    internal static void CheckStridesAndDilation(int[] strides, int[] dilation_rate)
    {
        if (strides.Any(s => s != 1) && dilation_rate.Any(d => d != 1))
            throw new ArgumentException($"`strides > 1` not supported in conjunction with `dilation_rate > 1`. Received: strides={Tuple(strides)} and dilation_rate={Tuple(dilation_rate)}", nameof(strides));
    }

    /// <summary>
    /// The convolution's output size on each spatial axis of <paramref name="input_shape"/> (from axis
    /// <paramref name="first"/>; unknown stays unknown), or an error naming <paramref name="layer"/> when the kernel
    /// does not fit.
    /// </summary>
    internal static int?[] SpatialOutputSizes(Layer layer, Shape input_shape, int first, int[] kernel_size, string padding,
                                              int[] strides, int[] dilation_rate)
    {
        var sizes = new int?[kernel_size.Length];
        for (int i = 0; i < sizes.Length; i++)
        {
            sizes[i] = SamePadding.OutputLength(input_shape[first + i], kernel_size[i], padding, strides[i], dilation_rate[i]);
            if (sizes[i] is <= 0)
                throw new KerasException($"Layer {layer.Name}: kernel_size={Tuple(kernel_size)} with dilation_rate={Tuple(dilation_rate)} and padding='{padding}' does not fit the input of shape {input_shape}: the output would have size {sizes[i]} on spatial axis {i}.");
        }
        return sizes;
    }

    private protected static string Tuple(IEnumerable<int> values) => "(" + string.Join(", ", values) + (values.Count() == 1 ? ",)" : ")");
}
