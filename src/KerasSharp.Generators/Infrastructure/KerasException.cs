using System;

namespace KerasSharp.Saving;

/// <summary>
/// The generator's stand-in for the runtime's <c>KerasSharp.KerasException</c> (in the shared code's namespace, so that
/// tests seeing both assemblies do not find two), so that the source it shares with the
/// runtime (the JSON normaliser) compiles here unchanged.
/// </summary>
internal class KerasException : Exception
{
    public KerasException(string message) : base(message) { }
}
