using System;
using System.Linq;
using KerasSharp.Activations;
using KerasSharp.Backend;
using KerasSharp.Constraints;
using KerasSharp.Initializers;
using KerasSharp.Regularizers;
using static TorchSharp.torch;

namespace KerasSharp.Layers;

/// <summary>
/// Keras's <c>_SeparableConv</c>: a depthwise convolution, then a pointwise 1x1 convolution to <c>filters</c> channels
/// (<c>tf.nn.separable_conv2d</c>); pointwise_kernel (1..., in·depth_multiplier, filters), bias (filters,).
/// </summary>
public abstract class BaseSeparableConv : BaseDepthwiseConv
{
    private KerasVariable? _pointwiseKernel;

    private protected BaseSeparableConv(int rank, int filters, int[] kernel_size, int[] strides, string padding,
                                        string? data_format, int[] dilation_rate, int depth_multiplier,
                                        ActivationFunction? activation, bool use_bias,
                                        Initializer? depthwise_initializer, Initializer? pointwise_initializer,
                                        Initializer? bias_initializer, Regularizer? depthwise_regularizer,
                                        Regularizer? pointwise_regularizer, Regularizer? bias_regularizer,
                                        Regularizer? activity_regularizer, Constraint? depthwise_constraint,
                                        Constraint? pointwise_constraint, Constraint? bias_constraint,
                                        Shape? input_shape, Shape? batch_input_shape, string? name, bool trainable,
                                        string? dtype)
        : base(rank, kernel_size, strides, padding, data_format, dilation_rate, depth_multiplier, activation, use_bias,
               depthwise_initializer, bias_initializer, depthwise_regularizer, bias_regularizer, activity_regularizer,
               depthwise_constraint, bias_constraint, input_shape, batch_input_shape, name, trainable, dtype)
    {
        Filters = ArgumentValidation.Positive(nameof(filters), filters);
        PointwiseInitializer = pointwise_initializer ?? new GlorotUniform();
        PointwiseRegularizer = pointwise_regularizer;
        PointwiseConstraint = pointwise_constraint;
    }

    public int Filters { get; }
    public Initializer PointwiseInitializer { get; }
    public Regularizer? PointwiseRegularizer { get; }
    public Constraint? PointwiseConstraint { get; }

    public KerasVariable PointwiseKernel => _pointwiseKernel ?? throw new KerasException($"Layer {Name} is not built yet.");

    private protected override int? OutputChannels(int? inputDim) => Filters;

    private protected override void BuildPointwise(int inputDim)
    {
        var shape = Enumerable.Repeat(1L, Rank).Append((long)inputDim * DepthMultiplier).Append(Filters).ToArray();
        _pointwiseKernel = AddWeight("pointwise_kernel", shape, PointwiseInitializer, PointwiseRegularizer, constraint: PointwiseConstraint);
    }

    private protected override Tensor Pointwise(Tensor depthwise)
    {
        var ones = Enumerable.Repeat(1, Rank).ToArray();
        return Nn.Conv(depthwise, PointwiseKernel.Value, Bias?.Value, ones, "valid", ones, DataFormat);
    }
}
