using System;
using System.Collections.Generic;
using System.Threading;

namespace KerasSharp.Training;

/// <summary>
/// A training step's hand-off for layers that compute with a copy of their weights in another layout (libtorch's
/// fused recurrent kernels own their parameters, so gradients land on the copy, not on the Keras weights). Inside
/// <see cref="Collect"/> such a layer may run its copy with gradients and <see cref="Register"/> it; after the backward
/// pass the trainer calls <see cref="Pending.Transfer"/>, which moves each copy's gradients onto the Keras weights. Outside a
/// training step (eager calls, K.Gradients) nobody would transfer, so those layers take their Keras-weight path.
/// </summary>
internal static class FusedGradients
{
    private static readonly AsyncLocal<Pending?> Current = new();

    /// <summary>Whether a training step collects copies now.</summary>
    public static bool Active => Current.Value is not null;

    /// <summary>Starts collecting until disposed.</summary>
    public static Pending Collect()
    {
        var pending = new Pending(Current.Value);
        Current.Value = pending;
        return pending;
    }

    /// <summary>Registers a copy whose gradients must reach the Keras weights; a layer called twice in a step registers once.</summary>
    public static void Register(IGradientCopy copy)
    {
        var pending = Current.Value ?? throw new InvalidOperationException("No training step collects fused gradients.");
        if (pending.Copies.Add(copy)) copy.ClearGradients();
    }

    /// <summary>A copy of weights in another layout.</summary>
    public interface IGradientCopy
    {
        /// <summary>Forgets the copy's gradients (before the step's first forward).</summary>
        void ClearGradients();

        /// <summary>Adds the copy's gradients, in the Keras layout, to the Keras weights' and forgets them.</summary>
        void TransferGradients();
    }

    public sealed class Pending(Pending? previous) : IDisposable
    {
        internal HashSet<IGradientCopy> Copies { get; } = new(ReferenceEqualityComparer.Instance);

        /// <summary>After the backward pass: every registered copy's gradients onto the Keras weights.</summary>
        public void Transfer()
        {
            foreach (var copy in Copies) copy.TransferGradients();
            Copies.Clear();
        }

        public void Dispose()
        {
            foreach (var copy in Copies) copy.ClearGradients();
            Copies.Clear();
            Current.Value = previous;
        }
    }
}
