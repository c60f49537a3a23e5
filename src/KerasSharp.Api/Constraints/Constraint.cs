using KerasSharp.Saving;
using static TorchSharp.torch;

namespace KerasSharp.Constraints;

/// <summary>
/// A projection applied to a weight after each optimizer update (<c>keras.constraints</c>). Converts implicitly from
/// a Keras name such as <c>"max_norm"</c>.
/// </summary>
public abstract class Constraint
{
    /// <summary>Returns the projected weight (a new tensor).</summary>
    public abstract Tensor Call(Tensor weight);

    /// <summary><c>keras.constraints.get</c>.</summary>
    public static Constraint Get(string name) =>
        ObjectRegistry.Create<Constraint>(name) ?? throw ObjectRegistry.Unknown(typeof(Constraint), "constraint", name, "constraint");

    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(name))]
    public static implicit operator Constraint?(string? name) => name is null ? null : Get(name);

    /// <summary>The L2 norm over <paramref name="axis"/>, kept for broadcasting.</summary>
    protected static Tensor Norms(Tensor w, long[] axis) => w.square().sum(axis, keepdim: true).sqrt();
}
