using System;

namespace KerasSharp.Bench;

/// <summary>Thrown by the argument parser for <c>--help</c>.</summary>
internal sealed class HelpRequestedException : Exception
{
    public HelpRequestedException() : base("help requested") { }
}
