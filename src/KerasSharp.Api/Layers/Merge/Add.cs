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

    /// <summary>The same sums in the same order, into the first input, when every input has its shape and type.</summary>
    internal override Tensor? CallInPlace(Tensor[] inputs)
    {
        var first = inputs[0];
        if (inputs.Any(x => x.dtype != first.dtype || !x.shape.SequenceEqual(first.shape))) return null;
        foreach (var x in inputs.Skip(1)) first.add_(x);
        return first;
    }
}
