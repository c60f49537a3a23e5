using System;
using System.Collections.Generic;
using System.Linq;
using KerasSharp.Constraints;
using KerasSharp.Initializers;
using KerasSharp.Regularizers;
using static TorchSharp.torch;

namespace KerasSharp.Layers;

/// <summary>
/// <c>keras.layers.PReLU(alpha_initializer='zeros', alpha_regularizer=None, alpha_constraint=None, shared_axes=None)</c>:
/// x for x ≥ 0, alpha·x otherwise. <c>alpha</c> has the input's shape without the batch axis, with size 1 on each of
/// <c>shared_axes</c> (axes counted with the batch axis as 0, as Keras counts them).
/// </summary>
[KerasLayer("PReLU")]
public sealed class PReLU : Layer
{
    private KerasVariable? _alpha;

    public PReLU(Initializer? alpha_initializer = null, Regularizer? alpha_regularizer = null,
                 Constraint? alpha_constraint = null, Shape? shared_axes = null, Shape? input_shape = null,
                 Shape? batch_input_shape = null, string? name = null, bool trainable = true, string? dtype = null)
        : base(name, trainable, input_shape, batch_input_shape, dtype)
    {
        AlphaInitializer = alpha_initializer ?? new Zeros();
        AlphaRegularizer = alpha_regularizer;
        AlphaConstraint = alpha_constraint;
        if (shared_axes is not null && shared_axes.Dims.Any(a => a is null or < 1))
            throw new ArgumentException($"`shared_axes` must list axes of the input counted from 1 (0 is the batch axis). Received: shared_axes={shared_axes}", nameof(shared_axes));
        SharedAxes = shared_axes;
    }

    public Initializer AlphaInitializer { get; }
    public Regularizer? AlphaRegularizer { get; }
    public Constraint? AlphaConstraint { get; }
    public Shape? SharedAxes { get; }

    public KerasVariable Alpha => _alpha ?? throw new KerasException($"Layer {Name} is not built yet.");

    protected override void Build(Shape input_shape)
    {
        var shared = SharedAxes?.Dims.Select(a => a!.Value).ToHashSet() ?? new HashSet<int>();
        foreach (var bad in shared.Where(a => a >= input_shape.Rank))
            throw new KerasException($"Layer {Name}: shared_axes={SharedAxes} names axis {bad}, but the input of shape {input_shape} has {input_shape.Rank} axes.");
        var paramShape = new long[input_shape.Rank - 1];
        var axes = new Dictionary<int, int>();
        for (int i = 1; i < input_shape.Rank; i++)
        {
            if (shared.Contains(i)) { paramShape[i - 1] = 1; continue; }
            paramShape[i - 1] = input_shape[i] ?? throw new KerasException($"Layer {Name}: axis {i} of the input of shape {input_shape} is None; PReLU needs it known or listed in shared_axes.");
            axes[i] = input_shape[i]!.Value;
        }
        _alpha = AddWeight("alpha", paramShape, AlphaInitializer, AlphaRegularizer, constraint: AlphaConstraint);
        InputSpec = new InputSpec { Ndim = input_shape.Rank, Axes = axes };
    }

    // Keras's relu(x) − alpha·relu(−x).
    protected override Tensor Call(Tensor inputs, bool training) =>
        nn.functional.relu(inputs) - Alpha.Value * nn.functional.relu(-inputs);
}
