using System;
using System.Collections.Generic;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasSharp.Backend;

/// <summary>
/// Process-wide settings, as in <c>keras.backend</c>: float type, epsilon, image layout, the compute device, the
/// seed and the layer-name counters.
/// </summary>
public static partial class KerasBackend
{
    /// <summary><c>K.floatx()</c>: the only float type KerasSharp models use.</summary>
    public const string FloatXName = "float32";

    private static double? _epsilon;
    private static string? _imageDataFormat;

    /// <summary>
    /// <c>K.epsilon()</c>: the fuzz factor used by losses, constraints and optimizers; 1e-7, or what
    /// <c>$KERAS_HOME/keras.json</c> or <see cref="SetEpsilon"/> says. A call, not a constant, as in Keras.
    /// </summary>
    public static double Epsilon() => _epsilon ??= KerasConfigFile.Current.Epsilon;

    /// <summary><c>K.set_epsilon(e)</c>.</summary>
    public static void SetEpsilon(double e) => _epsilon = e;

    /// <summary><c>K.floatx()</c>.</summary>
    public static string FloatX() => FloatXName;

    /// <summary>
    /// <c>K.image_data_format()</c>: the default <c>data_format</c> of image layers, <c>channels_last</c> unless
    /// <c>$KERAS_HOME/keras.json</c> or <see cref="SetImageDataFormat"/> says otherwise. A call, so that the tutorials'
    /// <c>if K.image_data_format() == 'channels_first':</c> ports as it reads (a constant would make one branch dead code).
    /// </summary>
    public static string ImageDataFormat() => _imageDataFormat ??= KerasConfigFile.Current.ImageDataFormat;

    /// <summary><c>K.set_image_data_format(data_format)</c>.</summary>
    public static void SetImageDataFormat(string data_format) =>
        _imageDataFormat = ArgumentValidation.OneOf(nameof(data_format), data_format, "channels_last", "channels_first");

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
                _device = !string.IsNullOrWhiteSpace(requested) ? ParseDevice(requested, "KERASSHARP_DEVICE")
                    : torch.cuda.is_available() ? torch.CUDA : torch.CPU;
            }
            return _device;
        }
    }

    /// <summary>Runs models on <paramref name="device"/> (<c>cpu</c>, <c>cuda</c>, <c>cuda:1</c>) from now on.</summary>
    public static void SetDevice(string device)
    {
        ArgumentNullException.ThrowIfNull(device);
        NativeLibraryCheck.EnsureLoaded();
        _device = ParseDevice(device, nameof(device));
    }

    /// <summary>A device libtorch can use here, or an error that says why not (never a libtorch trace).</summary>
    private static Device ParseDevice(string text, string argument)
    {
        var parts = text.Trim().ToLowerInvariant().Split(':');
        var index = -1;
        if (parts.Length > 2 || parts[0] is not ("cpu" or "cuda")
            || parts.Length == 2 && !int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out index))
            throw new ArgumentException($"Unknown device: {argument}='{text}'. Expected 'cpu', 'cuda' or 'cuda:N'.", argument);
        if (parts[0] == "cpu") return torch.CPU;
        if (!torch.cuda.is_available())
            throw new KerasException($"{argument}='{text}' asks for CUDA, but libtorch sees no CUDA device: this is a CPU build (build with -p:KerasSharpBackend=cuda) or the machine has no usable NVIDIA GPU.");
        if (index >= torch.cuda.device_count())
            throw new ArgumentException($"{argument}='{text}': there are only {torch.cuda.device_count()} CUDA devices.", argument);
        return index < 0 ? torch.CUDA : torch.device(DeviceType.CUDA, index);
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

    /// <summary><c>K.clear_session()</c>: restarts the automatic layer names (conv2d_1, ...) and makes a new <see cref="LearningPhase"/>.</summary>
    public static void ClearSession()
    {
        lock (Uids) Uids.Clear();
        _learningPhase = null;
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
