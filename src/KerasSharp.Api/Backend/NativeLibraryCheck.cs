using System;
using System.Runtime.InteropServices;
using TorchSharp;

namespace KerasSharp.Backend;

/// <summary>Loads libtorch once, and turns TorchSharp's misleading load errors into one that says what to do.</summary>
internal static class NativeLibraryCheck
{
    private static bool _loaded;

    /// <summary>Loads libtorch, then returns <paramref name="value"/>: for use before a TorchSharp base constructor runs.</summary>
    public static T Loaded<T>(T value)
    {
        EnsureLoaded();
        return value;
    }

    public static void EnsureLoaded()
    {
        if (_loaded) return;
        try
        {
            torch.InitializeDeviceType(DeviceType.CPU);
            _loaded = true;
        }
        catch (Exception e) when (e is NotSupportedException or DllNotFoundException or TypeInitializationException)
        {
            throw new KerasException(
                "KerasSharp could not load libtorch (TorchSharp's native libLibTorchSharp and the libtorch libraries). " +
                $"Operating system: {RuntimeInformation.OSDescription}, process: {RuntimeInformation.ProcessArchitecture}. " +
                "Check that the application was built with KerasSharp's build targets (they make the native shim load on " +
                "Debian 12 / Ubuntu 22.04, whose libstdc++ lacks GLIBCXX_3.4.32), that the build output has runtimes/" +
                $"{RuntimeInformation.RuntimeIdentifier}/native/libLibTorchSharp.so, and run `ldd` on it to see which " +
                "library is missing. With -p:KerasSharpBackend=cuda a matching NVIDIA driver is needed. " +
                $"TorchSharp said: {Innermost(e).Message}", e);
        }
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e;
    }
}
