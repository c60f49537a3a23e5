using System;

namespace KerasSharp.Layers;

/// <summary>The <c>implementation</c> argument of LSTM and GRU: 1 or 2 (Keras 2.2.4 reads a saved 0 as 1).</summary>
internal static class RecurrentImplementation
{
    public static int Check(int implementation) => implementation switch
    {
        0 or 1 => 1,
        2 => 2,
        _ => throw new ArgumentException($"`implementation` must be 1 or 2. Received: implementation={implementation}", nameof(implementation)),
    };
}
