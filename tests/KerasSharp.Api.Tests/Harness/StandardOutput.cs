using System;
using System.IO;

namespace KerasSharp.Tests.Harness;

/// <summary>What a function prints to standard output (an example script's prints and summaries), and its result.</summary>
internal static class StandardOutput
{
    public static (T result, string printed) Capture<T>(Func<T> function)
    {
        var output = new StringWriter();
        var previous = Console.Out;
        Console.SetOut(output);
        try
        {
            var result = function();
            return (result, output.ToString());
        }
        finally
        {
            Console.SetOut(previous);
        }
    }
}
