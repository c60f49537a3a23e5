using System;

namespace KerasSharp;

/// <summary>
/// The generator's stand-in for the runtime's <c>KerasSharp.KerasException</c>, so that the source it shares with the
/// runtime (the JSON normaliser) compiles here unchanged.
/// </summary>
internal class KerasException : Exception
{
    public KerasException(string message) : base(message) { }
}
