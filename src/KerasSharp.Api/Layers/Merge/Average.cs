using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace KerasSharp.Layers;

/// <summary><c>keras.layers.Average()</c>: the element-wise mean of its inputs (function form: <c>average([a, b])</c>).</summary>
[KerasLayer("Average")]
public sealed class Average : Merge
{
    public Average(string? name = null, bool trainable = true, string? dtype = null) : base(name, trainable, dtype) { }

    protected override Tensor MergeFunction(IReadOnlyList<Tensor> inputs) => inputs.Skip(1).Aggregate(inputs[0], (sum, x) => sum + x) / inputs.Count;
}
