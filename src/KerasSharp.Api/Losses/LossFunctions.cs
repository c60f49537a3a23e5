using static TorchSharp.torch;
using K = KerasSharp.Backend.KerasBackend;

namespace KerasSharp.Losses;

/// <summary>
/// The functions of <c>keras.losses</c>, with Keras's lowercase names (PascalCase would be the loss classes'), on
/// tensors (inside a loss written as a function) and on symbolic tensors (a loss built from the graph for
/// <c>model.AddLoss</c>, as the VAE example does). With <c>using static KerasSharp.Losses.LossFunctions;</c>,
/// <c>from keras.losses import mse, binary_crossentropy</c> is imported and
/// <c>reconstruction_loss = mse(inputs, outputs)</c> ports as written. Each is Keras 2.2.4's formula from backend
/// functions, so it gives the loss of each sample (the mean over the last axis) and, on symbolic tensors, is recorded
/// from them.
/// </summary>
public static class LossFunctions
{
    /// <summary><c>keras.losses.mean_squared_error(y_true, y_pred)</c>: <c>K.mean(K.square(y_pred - y_true), axis=-1)</c>.</summary>
    public static Tensor mean_squared_error(Tensor y_true, Tensor y_pred) => K.Mean(K.Square(y_pred - y_true), axis: -1);

    public static KerasTensor mean_squared_error(KerasTensor y_true, KerasTensor y_pred) => K.Mean(K.Square(y_pred - y_true), axis: -1);

    /// <summary><c>keras.losses.mse</c>: <see cref="mean_squared_error(Tensor, Tensor)"/>.</summary>
    public static Tensor mse(Tensor y_true, Tensor y_pred) => mean_squared_error(y_true, y_pred);

    public static KerasTensor mse(KerasTensor y_true, KerasTensor y_pred) => mean_squared_error(y_true, y_pred);

    /// <summary><c>keras.losses.mean_absolute_error(y_true, y_pred)</c>: <c>K.mean(K.abs(y_pred - y_true), axis=-1)</c>.</summary>
    public static Tensor mean_absolute_error(Tensor y_true, Tensor y_pred) => K.Mean(K.Abs(y_pred - y_true), axis: -1);

    public static KerasTensor mean_absolute_error(KerasTensor y_true, KerasTensor y_pred) => K.Mean(K.Abs(y_pred - y_true), axis: -1);

    /// <summary><c>keras.losses.mae</c>: <see cref="mean_absolute_error(Tensor, Tensor)"/>.</summary>
    public static Tensor mae(Tensor y_true, Tensor y_pred) => mean_absolute_error(y_true, y_pred);

    public static KerasTensor mae(KerasTensor y_true, KerasTensor y_pred) => mean_absolute_error(y_true, y_pred);

    /// <summary><c>keras.losses.binary_crossentropy(y_true, y_pred)</c>: <c>K.mean(K.binary_crossentropy(y_true, y_pred), axis=-1)</c>.</summary>
    public static Tensor binary_crossentropy(Tensor y_true, Tensor y_pred) => K.Mean(K.BinaryCrossentropy(y_true, y_pred), axis: -1);

    public static KerasTensor binary_crossentropy(KerasTensor y_true, KerasTensor y_pred) => K.Mean(K.BinaryCrossentropy(y_true, y_pred), axis: -1);

    /// <summary><c>keras.losses.categorical_crossentropy(y_true, y_pred)</c>: <c>K.categorical_crossentropy(y_true, y_pred)</c>.</summary>
    public static Tensor categorical_crossentropy(Tensor y_true, Tensor y_pred) => K.CategoricalCrossentropy(y_true, y_pred);

    public static KerasTensor categorical_crossentropy(KerasTensor y_true, KerasTensor y_pred) => K.CategoricalCrossentropy(y_true, y_pred);
}
