using System.Linq;
using KerasSharp.Saving;
using static TorchSharp.torch;

namespace KerasSharp.Losses;

/// <summary>
/// A Keras loss function: per-sample values that the model weights and averages (Keras 2.2.4's
/// <c>weighted_masked_objective</c>). Look one up with <see cref="Get"/> or pass its name to <c>Compile</c>.
/// </summary>
public abstract class Loss
{
    /// <summary>The Keras function name, e.g. <c>categorical_crossentropy</c>.</summary>
    public abstract string Name { get; }

    /// <summary>The loss of each sample: shape (batch,) after averaging any further axes.</summary>
    public Tensor Call(Tensor y_true, Tensor y_pred) => Call(y_true, y_pred, null);

    /// <summary>
    /// The loss of each sample under an output mask, as Keras 2.2.4's <c>weighted_masked_objective</c>: the values
    /// times mask / mean(mask) before averaging, so the batch mean is the mean over unmasked entries.
    /// </summary>
    internal Tensor Call(Tensor y_true, Tensor y_pred, Tensor? mask)
    {
        var values = Compute(y_true, y_pred);
        if (mask is not null) values = Masked(values, mask, Name);
        return values.dim() > 1 ? values.flatten(1).mean(new long[] { 1 }) : values;
    }

    /// <summary><c>score_array *= mask; score_array /= K.mean(mask)</c>, with the shapes checked.</summary>
    internal static Tensor Masked(Tensor values, Tensor mask, string what)
    {
        if (!values.shape.SequenceEqual(mask.shape))
            throw new KerasException($"{what}: the output's mask has shape {Layer.ShapeText(mask.shape)}, but the values it masks have shape {Layer.ShapeText(values.shape)}.");
        var m = mask.to_type(values.dtype);
        return values * m / m.mean();
    }

    /// <summary>The Keras formula, reduced over the last axis.</summary>
    protected abstract Tensor Compute(Tensor y_true, Tensor y_pred);

    /// <summary><c>keras.losses.get</c>: a name a loss declares (<c>MeanSquaredError</c>, <c>mean_squared_error</c>, <c>mse</c>).</summary>
    public static Loss Get(string name) =>
        ObjectRegistry.Create<Loss>(name) ?? throw ObjectRegistry.Unknown(typeof(Loss), "loss function", name, "loss");

    public static implicit operator Loss(string name) => Get(name);

    /// <summary>Keras's <c>K.clip(p, K.epsilon(), max)</c> (max 1 − ε unless given), with the epsilon of the moment.</summary>
    protected static Tensor Clip(Tensor p, double? max = null) =>
        p.clamp(Backend.KerasBackend.Epsilon(), max ?? 1 - Backend.KerasBackend.Epsilon());
}
