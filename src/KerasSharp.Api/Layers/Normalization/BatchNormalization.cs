using System;
using System.Collections.Generic;
using KerasSharp.Backend;
using KerasSharp.Constraints;
using KerasSharp.Initializers;
using KerasSharp.Regularizers;
using static TorchSharp.torch;

namespace KerasSharp.Layers;

/// <summary>
/// <c>keras.layers.BatchNormalization</c> with Keras defaults (momentum 0.99, epsilon 1e-3, not torch's 0.1/1e-5).
/// Training normalises with batch statistics and updates the moving ones as Keras 2.3.1 does (see
/// <c>docs/differences.md</c> for how that differs from 2.2.4); inference uses the moving statistics.
/// </summary>
[KerasLayer("BatchNormalization")]
public sealed class BatchNormalization : Layer
{
    private KerasVariable? _gamma, _beta, _movingMean, _movingVariance;
    private int _axis;

    public BatchNormalization(int axis = -1, double momentum = 0.99, double epsilon = 1e-3, bool center = true,
                              bool scale = true, Initializer? beta_initializer = null,
                              Initializer? gamma_initializer = null, Initializer? moving_mean_initializer = null,
                              Initializer? moving_variance_initializer = null, Regularizer? beta_regularizer = null,
                              Regularizer? gamma_regularizer = null, Constraint? beta_constraint = null,
                              Constraint? gamma_constraint = null, Shape? input_shape = null,
                              Shape? batch_input_shape = null, string? name = null, bool trainable = true,
                              string? dtype = null)
        : base(name, trainable, input_shape, batch_input_shape, dtype)
    {
        SupportsMasking = true;
        Axis = axis;
        Momentum = ArgumentValidation.InRange(nameof(momentum), momentum, 0, 1);
        if (!(epsilon > 0)) throw new ArgumentException($"Argument `epsilon` must be > 0. Received: epsilon={epsilon}", nameof(epsilon));
        Epsilon = epsilon;
        Center = center;
        Scale = scale;
        BetaInitializer = beta_initializer ?? new Zeros();
        GammaInitializer = gamma_initializer ?? new Ones();
        MovingMeanInitializer = moving_mean_initializer ?? new Zeros();
        MovingVarianceInitializer = moving_variance_initializer ?? new Ones();
        BetaRegularizer = beta_regularizer;
        GammaRegularizer = gamma_regularizer;
        BetaConstraint = beta_constraint;
        GammaConstraint = gamma_constraint;
    }

    public int Axis { get; }
    public double Momentum { get; }
    public double Epsilon { get; }
    public bool Center { get; }
    public bool Scale { get; }
    public Initializer BetaInitializer { get; }
    public Initializer GammaInitializer { get; }
    public Initializer MovingMeanInitializer { get; }
    public Initializer MovingVarianceInitializer { get; }
    public Regularizer? BetaRegularizer { get; }
    public Regularizer? GammaRegularizer { get; }
    public Constraint? BetaConstraint { get; }
    public Constraint? GammaConstraint { get; }

    protected override void Build(Shape input_shape)
    {
        _axis = Axis < 0 ? Axis + input_shape.Rank : Axis;
        if (_axis <= 0 || _axis >= input_shape.Rank)
            throw new ArgumentException($"Invalid axis for layer {Name}: axis={Axis} for an input of shape {input_shape}.", "axis");
        var dim = input_shape[_axis] ?? throw new KerasException($"Axis {Axis} of input tensor should have a defined dimension but the layer received an input with shape {input_shape}.");
        InputSpec = new InputSpec { Ndim = input_shape.Rank, Axes = new Dictionary<int, int> { [_axis] = dim } };
        var shape = new long[] { dim };
        if (Scale) _gamma = AddWeight("gamma", shape, GammaInitializer, GammaRegularizer, constraint: GammaConstraint);
        if (Center) _beta = AddWeight("beta", shape, BetaInitializer, BetaRegularizer, constraint: BetaConstraint);
        _movingMean = AddWeight("moving_mean", shape, MovingMeanInitializer, trainable: false);
        _movingVariance = AddWeight("moving_variance", shape, MovingVarianceInitializer, trainable: false);
    }

    // Keras 2.2.4/2.3.1 use batch statistics whenever training, even for a frozen (trainable=False) layer; the moving
    // statistics of a layer that was frozen when its model was compiled stay as they are (Keras 2's model.updates).
    internal override bool FreshOutputs => true;

    protected override Tensor Call(Tensor inputs, bool training) =>
        Nn.BatchNorm(inputs, _axis, _gamma?.Value, _beta?.Value, _movingMean!.Value, _movingVariance!.Value,
                     training, Momentum, Epsilon, updateMoving: training && Training.UpdateScope.Allows(this));
}
