using System;
using KerasSharp.Saving;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasSharp.Initializers;

/// <summary>
/// Fills a new weight (<c>keras.initializers</c>). Converts implicitly from a Keras name such as
/// <c>"glorot_uniform"</c>. Samples come from the global torch generator (seeded by <c>KerasBackend.SetSeed</c>), or
/// from a generator of the initializer's own when it is given a <c>seed</c>.
/// </summary>
public abstract class Initializer
{
    protected Initializer(int? seed = null) => Seed = seed;

    /// <summary>The seed of the next draw; like Keras, it moves on by one after each seeded draw.</summary>
    public int? Seed { get; private set; }

    /// <summary>Returns a new float32 CPU tensor of this shape, not attached to any dispose scope.</summary>
    public Tensor Generate(params long[] shape)
    {
        using var noGrad = torch.no_grad();
        using var generator = Seed is int s ? new torch.Generator((ulong)s) : null;
        var values = Sample(shape, generator).DetachFromDisposeScope();
        if (Seed is not null) Seed++;
        return values;
    }

    protected abstract Tensor Sample(long[] shape, torch.Generator? generator);

    /// <summary><c>keras.initializers.get</c>.</summary>
    public static Initializer Get(string name) =>
        ObjectRegistry.Create<Initializer>(name) ?? throw ObjectRegistry.Unknown(typeof(Initializer), "initializer", name, "initializer");

    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(name))]
    public static implicit operator Initializer?(string? name) => name is null ? null : Get(name);

    /// <summary>Keras's <c>_compute_fans</c> for a kernel in Keras layout (Dense (in, out); conv (..., in, out)).</summary>
    public static (double FanIn, double FanOut) ComputeFans(long[] shape)
    {
        switch (shape.Length)
        {
            case 2:
                return (shape[0], shape[1]);
            case 3 or 4 or 5:
                double receptiveField = 1;
                for (int i = 0; i < shape.Length - 2; i++) receptiveField *= shape[i];
                return (shape[^2] * receptiveField, shape[^1] * receptiveField);
            default:
                double n = 1;
                foreach (var d in shape) n *= d;
                var root = Math.Sqrt(n);
                return (root, root);
        }
    }
}
