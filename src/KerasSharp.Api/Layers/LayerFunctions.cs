
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

    /// <summary><c>keras.layers.add(inputs)</c>: <c>Add()(inputs)</c>.</summary>
    public static KerasTensor add(KerasTensorList inputs, string? name = null) => new Add(name: name).Apply(inputs);

    /// <summary><c>keras.layers.subtract(inputs)</c>: <c>Subtract()(inputs)</c>.</summary>
    public static KerasTensor subtract(KerasTensorList inputs, string? name = null) => new Subtract(name: name).Apply(inputs);

    /// <summary><c>keras.layers.multiply(inputs)</c>: <c>Multiply()(inputs)</c>.</summary>
    public static KerasTensor multiply(KerasTensorList inputs, string? name = null) => new Multiply(name: name).Apply(inputs);

    /// <summary><c>keras.layers.average(inputs)</c>: <c>Average()(inputs)</c>.</summary>
    public static KerasTensor average(KerasTensorList inputs, string? name = null) => new Average(name: name).Apply(inputs);

    /// <summary><c>keras.layers.maximum(inputs)</c>: <c>Maximum()(inputs)</c>.</summary>
    public static KerasTensor maximum(KerasTensorList inputs, string? name = null) => new Maximum(name: name).Apply(inputs);

    /// <summary><c>keras.layers.minimum(inputs)</c>: <c>Minimum()(inputs)</c>.</summary>
    public static KerasTensor minimum(KerasTensorList inputs, string? name = null) => new Minimum(name: name).Apply(inputs);

    /// <summary><c>keras.layers.concatenate(inputs, axis=-1)</c>: <c>Concatenate(axis)(inputs)</c>.</summary>
    public static KerasTensor concatenate(KerasTensorList inputs, int axis = -1, string? name = null) =>
        new Concatenate(axis: axis, name: name).Apply(inputs);

    /// <summary><c>keras.layers.dot(inputs, axes, normalize=False)</c>: <c>Dot(axes, normalize)(inputs)</c>.</summary>
    public static KerasTensor dot(KerasTensorList inputs, IntTuple2 axes, bool normalize = false, string? name = null) =>
        new Dot(axes, normalize, name: name).Apply(inputs);
}
