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
public abstract class BaseDepthwiseConv : BaseConvolution
{
    private KerasVariable? _depthwiseKernel;

    private protected BaseDepthwiseConv(int rank, int[] kernel_size, int[] strides, string padding, string? data_format,
                                        int[] dilation_rate, int depth_multiplier, ActivationFunction? activation,
                                        bool use_bias, Initializer? depthwise_initializer, Initializer? bias_initializer,
                                        Regularizer? depthwise_regularizer, Regularizer? bias_regularizer,
                                        Regularizer? activity_regularizer, Constraint? depthwise_constraint,
                                        Constraint? bias_constraint, Shape? input_shape, Shape? batch_input_shape,
                                        string? name, bool trainable, string? dtype)
        : base(rank, kernel_size, strides, padding, data_format, dilation_rate, activation, use_bias, bias_initializer,
               bias_regularizer, activity_regularizer, bias_constraint, input_shape, batch_input_shape, name, trainable,
               dtype, new[] { "valid", "same" })
    {
        DepthMultiplier = ArgumentValidation.Positive(nameof(depth_multiplier), depth_multiplier);
        DepthwiseInitializer = depthwise_initializer ?? new GlorotUniform();
        DepthwiseRegularizer = depthwise_regularizer;
        DepthwiseConstraint = depthwise_constraint;
    }

    public int DepthMultiplier { get; }
    public Initializer DepthwiseInitializer { get; }
    public Regularizer? DepthwiseRegularizer { get; }
    public Constraint? DepthwiseConstraint { get; }

    public KerasVariable DepthwiseKernel => _depthwiseKernel ?? throw new KerasException($"Layer {Name} is not built yet.");

    private protected override int? OutputChannels(int? inputDim) => inputDim * DepthMultiplier;

    /// <summary>Creates the weights between depthwise_kernel and bias (the pointwise kernel of a separable conv).</summary>
    private protected virtual void BuildPointwise(int inputDim) { }

    /// <summary>What follows the depthwise convolution, bias included (a separable conv's pointwise conv).</summary>
    private protected virtual Tensor Pointwise(Tensor depthwise) =>
        Bias is null ? depthwise : depthwise + Bias.Value.view(DataFormat == Nn.ChannelsLast
            ? Enumerable.Repeat(1L, Rank + 1).Append(-1).ToArray()
            : new long[] { 1, -1 }.Concat(Enumerable.Repeat(1L, Rank)).ToArray());

    protected override void Build(Shape input_shape)
    {
        var inputDim = InputChannels(input_shape);
        var depthwiseShape = KernelSize.Select(k => (long)k).Append(inputDim).Append(DepthMultiplier).ToArray();
        _depthwiseKernel = AddWeight("depthwise_kernel", depthwiseShape, DepthwiseInitializer, DepthwiseRegularizer, constraint: DepthwiseConstraint);
        BuildPointwise(inputDim);
        BuildBias(inputDim);
    }

    protected override Tensor Call(Tensor inputs, bool training)
    {
        // Built for unknown sizes (None), the layer meets the real ones here: check them before libtorch does.
        ComputeOutputShape(inputs.shape);
        var depthwise = Nn.DepthwiseConv(inputs, DepthwiseKernel.Value, null, Strides, Padding, DilationRate, DataFormat);
        return Activation.Call(Pointwise(depthwise));
    }
}
