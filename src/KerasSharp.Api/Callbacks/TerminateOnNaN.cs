using System;

namespace KerasSharp.Callbacks;

/// <summary><c>keras.callbacks.TerminateOnNaN()</c>: stops training when a batch's loss is NaN or infinite.</summary>
public sealed class TerminateOnNaN : Callback
{
    public override void OnTrainBatchEnd(int batch, Logs logs)
    {
        if (logs.TryGetValue("loss", out var loss) && (double.IsNaN(loss) || double.IsInfinity(loss)))
        {
            Console.WriteLine($"Batch {batch}: Invalid loss, terminating training");
            Model!.StopTraining = true;
        }
    }
}
