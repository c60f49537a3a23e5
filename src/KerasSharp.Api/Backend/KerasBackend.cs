using System;
using System.Collections.Generic;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasSharp.Backend;

/// <summary>
/// Process-wide settings, as in <c>keras.backend</c>: float type, epsilon, image layout, the compute device, the
/// seed and the layer-name counters.
/// </summary>
public static class KerasBackend
{
    /// <summary><c>K.epsilon()</c>: the fuzz factor used by losses and optimizers.</summary>
    public const double Epsilon = 1e-7;

    /// <summary><c>K.floatx()</c>.</summary>
    public const string FloatX = "float32";

    /// <summary><c>K.image_data_format()</c>.</summary>
    public const string ImageDataFormat = "channels_last";

    private static readonly Dictionary<string, int> Uids = new();
    private static Device? _device;
    private static torch.Generator? _shuffleGenerator;

    /// <summary>
    /// Where models run: CUDA when libtorch sees a GPU, else the CPU. The <c>KERASSHARP_DEVICE</c> environment
    /// variable (<c>cpu</c>, <c>cuda</c>, <c>cuda:1</c>) or <see cref="SetDevice"/> overrides it.
    /// </summary>
    public static Device Device
    {
        get
        {
            if (_device is null)
            {
                NativeLibraryCheck.EnsureLoaded();
                var requested = Environment.GetEnvironmentVariable("KERASSHARP_DEVICE");
                _device = !string.IsNullOrWhiteSpace(requested) ? torch.device(requested)
                    : torch.cuda.is_available() ? torch.CUDA : torch.CPU;
            }
            return _device;
        }
    }

    public static void SetDevice(string device)
    {
        NativeLibraryCheck.EnsureLoaded();
        _device = torch.device(device);
    }

    /// <summary>
    /// Seeds everything random in KerasSharp at once: weight initialisers, dropout masks and the shuffling of
    /// <c>Fit</c>. Two CPU runs after the same call give bit-identical weights.
    /// </summary>
    public static void SetSeed(int seed)
    {
        NativeLibraryCheck.EnsureLoaded();
        torch.manual_seed(seed);
        if (torch.cuda.is_available()) torch.cuda.manual_seed_all(seed);
        _shuffleGenerator = new torch.Generator((ulong)seed);
    }

    /// <summary>The generator that orders samples for <c>Fit</c>; the global torch generator until <see cref="SetSeed"/>.</summary>
    internal static torch.Generator? ShuffleGenerator => _shuffleGenerator;

    /// <summary><c>K.clear_session()</c>: restarts the automatic layer names (conv2d_1, ...).</summary>
    public static void ClearSession()
    {
        lock (Uids) Uids.Clear();
    }

    /// <summary><c>K.get_uid(prefix)</c>: 1, 2, 3, ... per prefix, as standalone Keras 2 numbers its layers.</summary>
    internal static int GetUid(string prefix)
    {
        lock (Uids)
        {
            Uids.TryGetValue(prefix, out var uid);
            Uids[prefix] = ++uid;
            return uid;
        }
    }

    /// <summary>The automatic Keras 2 name for an object of this class: <c>conv2d_1</c>, <c>re_lu_2</c>.</summary>
    internal static string UniqueName(string className)
    {
        var prefix = KerasNaming.ToSnakeCase(className);
        return $"{prefix}_{GetUid(prefix)}";
    }
}
