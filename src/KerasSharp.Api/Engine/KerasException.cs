using System;

namespace KerasSharp;

/// <summary>An error in how a model is put together or used (Keras raises ValueError for these).</summary>
public class KerasException : Exception
{
    public KerasException(string message) : base(message) { }
    public KerasException(string message, Exception inner) : base(message, inner) { }
}
