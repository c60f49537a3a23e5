using System.Collections.Generic;

namespace KerasSharp.Layers;

/// <summary>
/// The functions of <c>keras.layers</c>: <c>Input</c>, and the merge functions with Keras's lowercase names
/// (<c>add([a, b])</c>, <c>concatenate([a, b], axis: -1)</c>; PascalCase would be the layer classes' names). With
/// <c>using static KerasSharp.Layers.LayerFunctions;</c> a port reads as the Keras script.
/// </summary>
public static class LayerFunctions
{
    /// <summary>
    /// <c>keras.layers.Input(shape=None, batch_shape=None, name=None, dtype=None)</c>: a symbolic input tensor, made by
    /// a new <see cref="InputLayer"/>. <paramref name="shape"/> leaves out the batch axis; <paramref name="batch_shape"/>
    /// has it.
    /// </summary>
    public static KerasTensor Input(Shape? shape = null, Shape? batch_shape = null, string? name = null, string? dtype = null)
    {
        if (shape is null && batch_shape is null)
            throw new System.ArgumentException("Please provide to Input either a `shape` or a `batch_shape` argument. Note that `shape` does not include the batch dimension.", nameof(shape));
        return new InputLayer(input_shape: batch_shape is null ? shape : null, batch_input_shape: batch_shape, dtype: dtype, name: name).Output;
    }
}
