using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace KerasSharp.Layers;

/// <summary><c>keras.layers.Add()</c>: the element-wise sum of its inputs (function form: <c>add([a, b])</c>).</summary>
[KerasLayer("Add")]
public sealed class Add : Merge
{
    public Add(string? name = null, bool trainable = true, string? dtype = null) : base(name, trainable, dtype) { }

    protected override Tensor MergeFunction(IReadOnlyList<Tensor> inputs) => inputs.Skip(1).Aggregate(inputs[0], (sum, x) => sum + x);
}
