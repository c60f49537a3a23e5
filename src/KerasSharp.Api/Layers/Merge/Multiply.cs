using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace KerasSharp.Layers;

/// <summary><c>keras.layers.Multiply()</c>: the element-wise product of its inputs (function form: <c>multiply([a, b])</c>).</summary>
[KerasLayer("Multiply")]
public sealed class Multiply : Merge
{
    public Multiply(string? name = null, bool trainable = true, string? dtype = null) : base(name, trainable, dtype) { }

    protected override Tensor MergeFunction(IReadOnlyList<Tensor> inputs) => inputs.Skip(1).Aggregate(inputs[0], (product, x) => product * x);
}
