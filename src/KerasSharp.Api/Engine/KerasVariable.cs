using KerasSharp.Constraints;
using KerasSharp.Regularizers;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasSharp;

/// <summary>
/// One weight of a layer, in Keras layout (a Conv2D kernel is (kh, kw, in, out)). Holds the torch parameter (never
/// in a dispose scope, always updated in place) and what Keras keeps beside it: name, regularizer, constraint.
/// </summary>
public sealed class KerasVariable
{
    internal KerasVariable(Layer layer, string name, TorchSharp.Modules.Parameter value, bool trainable,
                           Regularizer? regularizer, Constraint? constraint)
    {
        Layer = layer;
        Name = name;
        Value = value;
        OwnTrainable = trainable;
        Regularizer = regularizer;
        Constraint = constraint;
    }

    public Layer Layer { get; }

    /// <summary>The short name, e.g. <c>kernel</c> or <c>moving_mean</c>.</summary>
    public string Name { get; }

    /// <summary>
    /// The name Keras 2 writes in HDF5 <c>weight_names</c>: <c>conv2d_1/kernel:0</c>; a wrapped layer's weights are
    /// named in its wrapper's scope (<c>time_distributed_1/kernel:0</c>).
    /// </summary>
    public string FullName => $"{Scope ?? Layer.Name}/{Name}:0";

    /// <summary>The name scope the weight was created in, when not its own layer's (set by a wrapper).</summary>
    internal string? Scope { get; set; }

    public TorchSharp.Modules.Parameter Value { get; }

    /// <summary>Whether the weight was created trainable (moving statistics are not).</summary>
    internal bool OwnTrainable { get; }

    /// <summary>Trainable when created so and its layer is trainable, as in Keras.</summary>
    public bool Trainable => OwnTrainable && Layer.Trainable;

    public Regularizer? Regularizer { get; }
    public Constraint? Constraint { get; }

    public long[] Shape => Value.shape;
    public long Size => Value.numel();

    /// <summary>The weight as a tensor, as Keras uses a variable in a layer's <c>call</c>: <c>K.dot(x, self.kernel)</c>.</summary>
    public static implicit operator Tensor(KerasVariable variable) => variable.Value;

    /// <summary>Overwrites the value in place (the parameter object, and so the optimizer's view of it, stay the same).</summary>
    public void Assign(Tensor value)
    {
        using var noGrad = torch.no_grad();
        Value.copy_(value);
        MarkChanged();
    }

    /// <summary>Counts the writes through <see cref="Assign"/> and the optimizers, so copies in another layout (a fused recurrent kernel's) know when to refresh.</summary>
    internal long Version { get; private set; }

    internal void MarkChanged() => Version++;
}
