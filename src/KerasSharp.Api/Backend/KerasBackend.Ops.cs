using System;
using System.Collections.Generic;
using System.Linq;
using KerasSharp.Layers;
using KerasSharp.Saving;
using static TorchSharp.torch;

namespace KerasSharp.Backend;

/// <summary>
/// The backend functions that can be recorded in a graph: Keras's name → the function on real tensors, reading its
/// keyword arguments. A function called on symbolic tensors records a <see cref="BackendOp"/> node under that name, and
/// a saved model's <c>BackendOp</c> layer finds its function here again.
/// </summary>
public static partial class KerasBackend
{
    private static readonly Dictionary<string, Func<Tensor[], OpArguments, Tensor>> Operations = new()
    {
        ["mean"] = (x, a) => Mean(x[0], a.Axes("axis"), a.Bool("keepdims")),
        ["square"] = (x, _) => Square(x[0]),
        ["concatenate"] = (x, a) => Concatenate(x, a.IntOrNull("axis") ?? -1),
    };

    /// <summary>The function recorded under <paramref name="name"/>, or null.</summary>
    internal static Func<Tensor[], OpArguments, Tensor>? Operation(string name) => Operations.TryGetValue(name, out var f) ? f : null;

    /// <summary>Records <paramref name="function"/> called on symbolic tensors; its arguments are kept as JSON values.</summary>
    private static KerasTensor Record(string function, KerasTensorList inputs, Dictionary<string, object?>? arguments = null) =>
        new BackendOp(function, (arguments ?? new Dictionary<string, object?>()).ToDictionary(kv => kv.Key, kv => KerasConfig.Plain(KerasConfig.ToToken(kv.Value)))).Apply(inputs);
}
