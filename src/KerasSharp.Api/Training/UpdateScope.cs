using System;
using System.Collections.Generic;
using System.Threading;

namespace KerasSharp.Training;

/// <summary>
/// Which layers may run their state updates (BatchNormalization's moving statistics) during a training step: Keras 2's
/// <c>model.updates</c>, which leaves out every layer that was not trainable, or was inside a model that was not, when
/// the model was compiled. Outside a training step (a layer called eagerly) every layer updates.
/// </summary>
internal static class UpdateScope
{
    private static readonly AsyncLocal<IReadOnlySet<Layer>?> Current = new();

    /// <summary>Restricts updates to <paramref name="layers"/> until disposed.</summary>
    public static IDisposable Only(IReadOnlySet<Layer> layers)
    {
        var previous = Current.Value;
        Current.Value = layers;
        return new Restore(previous);
    }

    public static bool Allows(Layer layer) => Current.Value is not { } layers || layers.Contains(layer);

    private sealed class Restore(IReadOnlySet<Layer>? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
