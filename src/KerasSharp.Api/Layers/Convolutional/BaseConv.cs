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
/// The rank-generic convolution (Keras's <c>_Conv</c>): argument checks, weights in Keras layout
/// (kernel (k..., in, filters), bias (filters,)), output shapes. The computation is <see cref="Nn.Conv"/>.
/// </summary>
public abstract class BaseConv : Layer
{
    private KerasVariable? _kernel;
    private KerasVariable? _bias;

    protected BaseConv(int rank, int filters, int[] kernel_size, int[] strides, string padding, string? data_format,
                       int[] dilation_rate, ActivationFunction? activation, bool use_bias,
                       Initializer? kernel_initializer, Initializer? bias_initializer,
                       Regularizer? kernel_regularizer, Regularizer? bias_regularizer,
                       Regularizer? activity_regularizer, Constraint? kernel_constraint, Constraint? bias_constraint,
                       Shape? input_shape, Shape? batch_input_shape, string? name, bool trainable, string? dtype,
                       params string[] paddings)
        : base(name, trainable, input_shape, batch_input_shape, dtype)
    {
        Rank = rank;
        Filters = ArgumentValidation.Positive(nameof(filters), filters);
        KernelSize = Check(nameof(kernel_size), kernel_size);
        Strides = Check(nameof(strides), strides);
        Padding = ArgumentValidation.OneOf(nameof(padding), padding, paddings);
        DataFormat = ArgumentValidation.DataFormat(data_format);
        DilationRate = Check(nameof(dilation_rate), dilation_rate);
        if (Strides.Any(s => s != 1) && DilationRate.Any(d => d != 1))
            throw new ArgumentException($"`strides > 1` not supported in conjunction with `dilation_rate > 1`. Received: strides={Tuple(Strides)} and dilation_rate={Tuple(DilationRate)}", nameof(strides));
        Activation = activation ?? ActivationFunction.Linear;
        UseBias = use_bias;
        KernelInitializer = kernel_initializer ?? new GlorotUniform();
        BiasInitializer = bias_initializer ?? new Zeros();
        KernelRegularizer = kernel_regularizer;
        BiasRegularizer = bias_regularizer;
        ActivityRegularizer = activity_regularizer;
        KernelConstraint = kernel_constraint;
        BiasConstraint = bias_constraint;
        InputSpec = new InputSpec { Ndim = rank + 2 };
    }

    public int Rank { get; }
    public int Filters { get; }
    public int[] KernelSize { get; }
    public int[] Strides { get; }
    public string Padding { get; }
    public string DataFormat { get; }
    public int[] DilationRate { get; }
    public ActivationFunction Activation { get; }
    public bool UseBias { get; }
    public Initializer KernelInitializer { get; }
    public Initializer BiasInitializer { get; }
    public Regularizer? KernelRegularizer { get; }
    public Regularizer? BiasRegularizer { get; }
    public Regularizer? ActivityRegularizer { get; }
    public Constraint? KernelConstraint { get; }
    public Constraint? BiasConstraint { get; }

    public KerasVariable Kernel => _kernel ?? throw new KerasException($"Layer {Name} is not built yet.");
    public KerasVariable? Bias => _bias;

    private int ChannelAxis => DataFormat == Nn.ChannelsLast ? -1 : 1;

    protected override void Build(Shape input_shape)
    {
        var inputDim = input_shape[ChannelAxis] ?? throw new KerasException($"The channel dimension of the inputs should be defined. Found `None`. (layer {Name}, input shape {input_shape})");
        _kernel = AddWeight("kernel", KernelShape(inputDim), KernelInitializer, KernelRegularizer, constraint: KernelConstraint);
        if (UseBias) _bias = AddWeight("bias", new long[] { Filters }, BiasInitializer, BiasRegularizer, constraint: BiasConstraint);
        var channelAxis = DataFormat == Nn.ChannelsLast ? Rank + 1 : 1;
        InputSpec = new InputSpec { Ndim = Rank + 2, Axes = new Dictionary<int, int> { [channelAxis] = inputDim } };
    }

    /// <summary>The kernel's shape in Keras layout: (k..., in, filters).</summary>
    private protected virtual long[] KernelShape(int inputDim) =>
        KernelSize.Select(k => (long)k).Append(inputDim).Append(Filters).ToArray();

    protected override Tensor Call(Tensor inputs, bool training)
    {
        // Built for unknown sizes (None), the layer meets the real ones here: check them before libtorch does.
        ComputeOutputShape(inputs.shape);
        var output = Nn.Conv(inputs, Kernel.Value, _bias?.Value, Strides, Padding, DilationRate, DataFormat);
        return Activation.Call(output);
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
        dims[DataFormat == Nn.ChannelsLast ? dims.Length - 1 : 1] = Filters;
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
