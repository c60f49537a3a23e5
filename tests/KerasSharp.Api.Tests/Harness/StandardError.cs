using System;
using System.IO;

namespace KerasSharp.Tests.Harness;

/// <summary>What an action writes to standard error (KerasSharp's UserWarning/RuntimeWarning lines).</summary>
internal static class StandardError
{
    public static string Capture(Action action)
    {
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        try
        {
            action();
        }
        finally
        {
            Console.SetError(previous);
        }
        return error.ToString();
    }
}
