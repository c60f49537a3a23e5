using System.Collections.Generic;

namespace KerasSharp.Training;

/// <summary>Where a training or test loop gets its batches: arrays, a <c>Sequence</c> or a generator.</summary>
internal interface IBatchSource
{
    /// <summary>Batches per epoch (Keras's <c>steps</c>).</summary>
    int Steps { get; }

    /// <summary>Samples per epoch when known (arrays), for the progress bar's sample count.</summary>
    int? Samples { get; }

    /// <summary>The batches of one epoch; each is made when the enumerator moves, inside the caller's step scope.</summary>
    IEnumerator<Batch> Epoch(bool shuffle);
}
