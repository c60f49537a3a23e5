using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace KerasSharp.Training;

/// <summary>
/// One batch on the model's device, float32: an array per model input and, for training and evaluation, a target per
/// output and optional per-sample weights per output. The batch belongs to the dispose scope that was current when the
/// caller received it.
/// </summary>
internal sealed record Batch(Tensor[] X, Tensor[]? Y, Tensor?[]? SampleWeights)
{
    public long Size => X[0].shape[0];

    /// <summary>Every tensor the batch holds.</summary>
    public IEnumerable<Tensor> Tensors =>
        X.Concat(Y ?? Enumerable.Empty<Tensor>()).Concat((SampleWeights ?? Enumerable.Empty<Tensor?>()).OfType<Tensor>());

    public static Batch OnDevice(IReadOnlyList<Tensor> x, IReadOnlyList<Tensor>? y, IReadOnlyList<Tensor?>? sampleWeights)
    {
        var device = Backend.KerasBackend.Device;
        return new Batch(x.Select(t => Fresh(t, device)).ToArray(), y?.Select(t => Fresh(t, device)).ToArray(),
                         sampleWeights?.Select(t => t is null ? null : Fresh(t, device)).ToArray());
    }

    // Always a new handle, so disposing the batch never disposes a tensor the caller still holds.
    private static Tensor Fresh(Tensor t, Device device)
    {
        var moved = t.to(float32, device);
        return ReferenceEquals(moved, t) ? t.alias() : moved;
    }
}
