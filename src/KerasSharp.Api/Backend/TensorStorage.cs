using System;
using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace KerasSharp.Backend;

/// <summary>
/// Which memory a tensor's values live in: libtorch's storage pointer, the same for a tensor and all its views
/// (TorchSharp 0.107 has no public accessor for it). The graph runner overwrites a tensor only if no other live tensor
/// shares its storage.
/// </summary>
internal static class TensorStorage
{
    [DllImport("LibTorchSharp")]
    private static extern IntPtr THSStorage_data_ptr(IntPtr tensor);

    public static IntPtr Pointer(Tensor t) => THSStorage_data_ptr(t.Handle);
}
