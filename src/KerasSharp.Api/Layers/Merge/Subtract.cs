using System.Collections.Generic;
using static TorchSharp.torch;

namespace KerasSharp.Layers;

/// <summary><c>keras.layers.Subtract()</c>: the first input minus the second (function form: <c>subtract([a, b])</c>).</summary>
[KerasLayer("Subtract")]
public sealed class Subtract : Merge
{
    public Subtract(string? name = null, bool trainable = true, string? dtype = null) : base(name, trainable, dtype) { }

    protected override (int Min, int? Max) InputCount => (2, 2);

    protected override Tensor MergeFunction(IReadOnlyList<Tensor> inputs) => inputs[0] - inputs[1];
}
