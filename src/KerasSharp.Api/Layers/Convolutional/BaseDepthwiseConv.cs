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
/// The depthwise convolutions (DepthwiseConv2D, and Keras's <c>_SeparableConv</c>, which adds a pointwise 1x1
/// convolution): depthwise_kernel (k..., in, depth_multiplier) convolves each input channel c with its own filters,
/// giving channels c·depth_multiplier + m. Weights in Keras order: depthwise_kernel, [pointwise_kernel], bias.
/// </summary>
public abstract class BaseDepthwiseConv : Layer
{
    private KerasVariable? _depthwiseKernel;
    private KerasVariable? _bias;

    private protected BaseDepthwiseConv(int rank, int[] kernel_size, int[] strides, string padding, string? data_format,
                                        int[] dilation_rate, int depth_multiplier, ActivationFunction? activation,
                                        bool use_bias, Initializer? depthwise_initializer, Initializer? bias_initializer,
                                        Regularizer? depthwise_regularizer, Regularizer? bias_regularizer,
                                        Regularizer? activity_regularizer, Constraint? depthwise_constraint,
                                        Constraint? bias_constraint, Shape? input_shape, Shape? batch_input_shape,
                                        string? name, bool trainable, string? dtype)
        : base(name, trainable, input_shape, batch_input_shape, dtype)
    {
        Rank = rank;
        KernelSize = Check(nameof(kernel_size), kernel_size);
        Strides = Check(nameof(strides), strides);
        Padding = ArgumentValidation.OneOf(nameof(padding), padding, "valid", "same");
        DataFormat = ArgumentValidation.DataFormat(data_format);
        DilationRate = Check(nameof(dilation_rate), dilation_rate);
        if (Strides.Any(s => s != 1) && DilationRate.Any(d => d != 1))
            throw new ArgumentException($"`strides > 1` not supported in conjunction with `dilation_rate > 1`. Received: strides={Tuple(Strides)} and dilation_rate={Tuple(DilationRate)}", nameof(strides));
        DepthMultiplier = ArgumentValidation.Positive(nameof(depth_multiplier), depth_multiplier);
        Activation = activation ?? ActivationFunction.Linear;
        UseBias = use_bias;
        DepthwiseInitializer = depthwise_initializer ?? new GlorotUniform();
        BiasInitializer = bias_initializer ?? new Zeros();
        DepthwiseRegularizer = depthwise_regularizer;
        BiasRegularizer = bias_regularizer;
        ActivityRegularizer = activity_regularizer;
        DepthwiseConstraint = depthwise_constraint;
        BiasConstraint = bias_constraint;
        InputSpec = new InputSpec { Ndim = rank + 2 };
    }

    public int Rank { get; }
    public int[] KernelSize { get; }
    public int[] Strides { get; }
    public string Padding { get; }
    public string DataFormat { get; }
    public int[] DilationRate { get; }
    public int DepthMultiplier { get; }
    public ActivationFunction Activation { get; }
    public bool UseBias { get; }
    public Initializer DepthwiseInitializer { get; }
    public Initializer BiasInitializer { get; }
    public Regularizer? DepthwiseRegularizer { get; }
    public Regularizer? BiasRegularizer { get; }
    public Regularizer? ActivityRegularizer { get; }
    public Constraint? DepthwiseConstraint { get; }
    public Constraint? BiasConstraint { get; }

    public KerasVariable DepthwiseKernel => _depthwiseKernel ?? throw new KerasException($"Layer {Name} is not built yet.");
    public KerasVariable? Bias => _bias;

    private int ChannelAxis => DataFormat == Nn.ChannelsLast ? Rank + 1 : 1;

    /// <summary>The number of output channels for <paramref name="inputDim"/> input channels.</summary>
    private protected virtual int OutputChannels(int inputDim) => inputDim * DepthMultiplier;

    /// <summary>Creates the weights between depthwise_kernel and bias (the pointwise kernel of a separable conv).</summary>
    private protected virtual void BuildPointwise(int inputDim) { }

    /// <summary>What follows the depthwise convolution, bias included (a separable conv's pointwise conv).</summary>
    private protected virtual Tensor Pointwise(Tensor depthwise) =>
        _bias is null ? depthwise : depthwise + _bias.Value.view(DataFormat == Nn.ChannelsLast
            ? Enumerable.Repeat(1L, Rank + 1).Append(-1).ToArray()
            : new long[] { 1, -1 }.Concat(Enumerable.Repeat(1L, Rank)).ToArray());

    protected override void Build(Shape input_shape)
    {
        var inputDim = input_shape[ChannelAxis] ?? throw new KerasException($"The channel dimension of the inputs to `{GetType().Name}` should be defined. Found `None`. (layer {Name}, input shape {input_shape})");
        var depthwiseShape = KernelSize.Select(k => (long)k).Append(inputDim).Append(DepthMultiplier).ToArray();
        _depthwiseKernel = AddWeight("depthwise_kernel", depthwiseShape, DepthwiseInitializer, DepthwiseRegularizer, constraint: DepthwiseConstraint);
        BuildPointwise(inputDim);
        if (UseBias) _bias = AddWeight("bias", new long[] { OutputChannels(inputDim) }, BiasInitializer, BiasRegularizer, constraint: BiasConstraint);
        InputSpec = new InputSpec { Ndim = Rank + 2, Axes = new Dictionary<int, int> { [ChannelAxis] = inputDim } };
    }

    protected override Tensor Call(Tensor inputs, bool training)
    {
        // Built for unknown sizes (None), the layer meets the real ones here: check them before libtorch does.
        ComputeOutputShape(inputs.shape);
        var depthwise = Nn.DepthwiseConv(inputs, DepthwiseKernel.Value, null, Strides, Padding, DilationRate, DataFormat);
        return Activation.Call(Pointwise(depthwise));
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
        dims[channel] = dims[channel] is int c ? OutputChannels(c) : null;
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
