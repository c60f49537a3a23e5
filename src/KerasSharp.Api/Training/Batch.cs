using static TorchSharp.torch;

namespace KerasSharp.Training;

/// <summary>One batch on the model's device, float32. <paramref name="Untracked"/>: made on another thread, so the
/// consumer must attach it to its step scope.</summary>
internal readonly record struct Batch(Tensor X, Tensor? Y, Tensor? SampleWeight, bool Untracked = false)
{
    public long Size => X.shape[0];

    public static Batch OnDevice(Tensor x, Tensor? y, Tensor? sampleWeight, bool untracked = false)
    {
        var device = Backend.KerasBackend.Device;
        return new Batch(Fresh(x, device)!, Fresh(y, device), Fresh(sampleWeight, device), untracked);
    }

    // Always a new handle, so disposing the batch never disposes a tensor the caller still holds.
    private static Tensor? Fresh(Tensor? t, Device device)
    {
        if (t is null) return null;
        var moved = t.to(float32, device);
        return ReferenceEquals(moved, t) ? t.alias() : moved;
    }
}
