using System.Collections.Generic;
using KerasSharp.Activations;
using KerasSharp.Constraints;
using KerasSharp.Initializers;
using KerasSharp.Regularizers;
using static TorchSharp.torch;

namespace KerasSharp.Layers;

/// <summary><c>keras.layers.Dense</c>: <c>activation(dot(input, kernel) + bias)</c> over the last axis; kernel (in, units).</summary>
[KerasLayer("Dense")]
public sealed class Dense : Layer
{
    private KerasVariable? _kernel;
    private KerasVariable? _bias;

    public Dense(int units, ActivationFunction? activation = null, bool use_bias = true,
                 Initializer? kernel_initializer = null, Initializer? bias_initializer = null,
                 Regularizer? kernel_regularizer = null, Regularizer? bias_regularizer = null,
                 Regularizer? activity_regularizer = null, Constraint? kernel_constraint = null,
                 Constraint? bias_constraint = null, Shape? input_shape = null, Shape? batch_input_shape = null,
                 string? name = null, bool trainable = true, string? dtype = null)
        : base(name, trainable, input_shape, batch_input_shape, dtype)
    {
        SupportsMasking = true;
        Units = ArgumentValidation.Positive(nameof(units), units);
        Activation = activation ?? ActivationFunction.Linear;
        UseBias = use_bias;
        KernelInitializer = kernel_initializer ?? new GlorotUniform();
        BiasInitializer = bias_initializer ?? new Zeros();
        KernelRegularizer = kernel_regularizer;
        BiasRegularizer = bias_regularizer;
        ActivityRegularizer = activity_regularizer;
        KernelConstraint = kernel_constraint;
        BiasConstraint = bias_constraint;
        InputSpec = new InputSpec { MinNdim = 2 };
    }

    public int Units { get; }
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

    protected override void Build(Shape input_shape)
    {
        var inputDim = input_shape[-1] ?? throw new KerasException($"The last dimension of the inputs to `Dense` should be defined. Found `None`. (layer {Name}, input shape {input_shape})");
        _kernel = AddWeight("kernel", new long[] { inputDim, Units }, KernelInitializer, KernelRegularizer, constraint: KernelConstraint);
        if (UseBias) _bias = AddWeight("bias", new long[] { Units }, BiasInitializer, BiasRegularizer, constraint: BiasConstraint);
        InputSpec = new InputSpec { MinNdim = 2, Axes = new Dictionary<int, int> { [-1] = inputDim } };
    }

    internal override bool FreshOutputs => ReferenceEquals(Activation, ActivationFunction.Linear) || Activation.HasInPlace;

    protected override Tensor Call(Tensor inputs, bool training)
    {
        var output = nn.functional.linear(inputs, Kernel.Value.t(), _bias?.Value);
        return Activation.Call(output);
    }

    protected override void AfterCall(Tensor outputs)
    {
        if (ActivityRegularizer is not null) AddActivityLoss(ActivityRegularizer.Call(outputs));
    }

    public override Shape ComputeOutputShape(Shape input_shape) => input_shape.Replace(-1, Units);
}
