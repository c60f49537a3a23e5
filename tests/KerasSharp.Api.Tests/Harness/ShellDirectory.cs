using System;
using System.IO;
using System.Runtime.CompilerServices;

namespace KerasSharp.Tests.Harness;

/// <summary>
/// The test host runs in <c>bin/Debug/net10.0</c>, not in the folder where <c>dotnet test</c> was typed, so a relative
/// <c>KERAS_HOME=../shared</c> (the README's command) would be read against the wrong folder. The shell's
/// <c>PWD</c>, which the host inherits, is the folder the user meant; the variable is made absolute against it before
/// any test or skip condition reads it.
/// </summary>
internal static class ShellDirectory
{
    [ModuleInitializer]
    internal static void ResolveKerasHome() =>
        Environment.SetEnvironmentVariable("KERAS_HOME",
            Resolve(Environment.GetEnvironmentVariable("KERAS_HOME"), Environment.GetEnvironmentVariable("PWD")));

    /// <summary><paramref name="home"/> made absolute against <paramref name="shell"/> when it is relative.</summary>
    internal static string? Resolve(string? home, string? shell) =>
        string.IsNullOrEmpty(home) || Path.IsPathRooted(home) || string.IsNullOrEmpty(shell) || !Path.IsPathRooted(shell)
            ? home : Path.GetFullPath(Path.Combine(shell, home));
}
