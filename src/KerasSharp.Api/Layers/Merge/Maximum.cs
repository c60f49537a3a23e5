using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace KerasSharp.Layers;

/// <summary><c>keras.layers.Maximum()</c>: the element-wise maximum of its inputs (function form: <c>maximum([a, b])</c>).</summary>
[KerasLayer("Maximum")]
public sealed class Maximum : Merge
{
    public Maximum(string? name = null, bool trainable = true, string? dtype = null) : base(name, trainable, dtype) { }

    protected override Tensor MergeFunction(IReadOnlyList<Tensor> inputs) => inputs.Skip(1).Aggregate(inputs[0], (m, x) => m.maximum(x));
}
