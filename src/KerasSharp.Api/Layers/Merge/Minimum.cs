using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace KerasSharp.Layers;

/// <summary><c>keras.layers.Minimum()</c>: the element-wise minimum of its inputs (function form: <c>minimum([a, b])</c>).</summary>
[KerasLayer("Minimum")]
public sealed class Minimum : Merge
{
    public Minimum(string? name = null, bool trainable = true, string? dtype = null) : base(name, trainable, dtype) { }

    protected override Tensor MergeFunction(IReadOnlyList<Tensor> inputs) => inputs.Skip(1).Aggregate(inputs[0], (m, x) => m.minimum(x));
}
