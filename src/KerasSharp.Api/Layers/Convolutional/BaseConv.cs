using System.Linq;
using KerasSharp.Activations;
using KerasSharp.Backend;
using KerasSharp.Constraints;
using KerasSharp.Initializers;
using KerasSharp.Regularizers;
using static TorchSharp.torch;

namespace KerasSharp.Layers;

/// <summary>
/// The rank-generic convolution (Keras's <c>_Conv</c>): a kernel (k..., in, filters) in Keras layout, then the bias
/// (filters,). The computation is <see cref="Nn.Conv"/>.
/// </summary>
public abstract class BaseConv : BaseConvolution
{
    private KerasVariable? _kernel;

    protected BaseConv(int rank, int filters, int[] kernel_size, int[] strides, string padding, string? data_format,
                       int[] dilation_rate, ActivationFunction? activation, bool use_bias,
                       Initializer? kernel_initializer, Initializer? bias_initializer,
                       Regularizer? kernel_regularizer, Regularizer? bias_regularizer,
                       Regularizer? activity_regularizer, Constraint? kernel_constraint, Constraint? bias_constraint,
                       Shape? input_shape, Shape? batch_input_shape, string? name, bool trainable, string? dtype,
                       params string[] paddings)
        : base(rank, kernel_size, strides, padding, data_format, dilation_rate, activation, use_bias, bias_initializer,
               bias_regularizer, activity_regularizer, bias_constraint, input_shape, batch_input_shape, name, trainable,
               dtype, paddings)
    {
        Filters = ArgumentValidation.Positive(nameof(filters), filters);
        KernelInitializer = kernel_initializer ?? new GlorotUniform();
        KernelRegularizer = kernel_regularizer;
        KernelConstraint = kernel_constraint;
    }

    public int Filters { get; }
    public Initializer KernelInitializer { get; }
    public Regularizer? KernelRegularizer { get; }
    public Constraint? KernelConstraint { get; }

    public KerasVariable Kernel => _kernel ?? throw new KerasException($"Layer {Name} is not built yet.");

    private protected override int? OutputChannels(int? inputDim) => Filters;

    protected override void Build(Shape input_shape)
    {
        var inputDim = InputChannels(input_shape);
        _kernel = AddWeight("kernel", KernelShape(inputDim), KernelInitializer, KernelRegularizer, constraint: KernelConstraint);
        BuildBias(inputDim);
    }

    /// <summary>The kernel's shape in Keras layout: (k..., in, filters).</summary>
    private protected virtual long[] KernelShape(int inputDim) =>
        KernelSize.Select(k => (long)k).Append(inputDim).Append(Filters).ToArray();

    protected override Tensor Call(Tensor inputs, bool training)
    {
        // Built for unknown sizes (None), the layer meets the real ones here: check them before libtorch does.
        ComputeOutputShape(inputs.shape);
        var output = Nn.Conv(inputs, Kernel.Value, Bias?.Value, Strides, Padding, DilationRate, DataFormat);
        return Activation.Call(output);
    }
}
