using System.Collections.Generic;
using static TorchSharp.torch;

namespace KerasSharp.Backend;

/// <summary>
/// What <c>K.Function(inputs, outputs)</c> returns: called with one real tensor per symbolic input, in order, it
/// returns the outputs' values, on the CPU. Keras's <c>f([x, 0])</c> ports as written (an int converts to a tensor),
/// and <c>loss, grads = f([x])</c> as <c>var (loss, grads) = f([x]);</c> (with <c>using KerasSharp;</c>).
/// </summary>
public delegate Tensor[] KerasFunction(IReadOnlyList<Tensor> inputs);
