using KerasSharp.Saving;
using static TorchSharp.torch;

namespace KerasSharp.Regularizers;

/// <summary>
/// A weight penalty added to the training loss (<c>keras.regularizers</c>). The factories port Keras's module
/// functions: <c>regularizers.l2(weight_decay)</c> becomes <c>Regularizer.L2(weight_decay)</c>. Strings work too:
/// <c>kernel_regularizer: "l2"</c> means <c>l2(0.01)</c>, as in Keras.
/// </summary>
public abstract class Regularizer
{
    /// <summary>The penalty for one weight, a scalar tensor.</summary>
    public abstract Tensor Call(Tensor weight);

    /// <summary><c>regularizers.l1(l=0.01)</c>.</summary>
    [KerasObject("l1")]
    public static L1L2 L1(double l = 0.01) => new(l1: l);

    /// <summary><c>regularizers.l2(l=0.01)</c>.</summary>
    [KerasObject("l2")]
    public static L1L2 L2(double l = 0.01) => new(l2: l);

    /// <summary><c>regularizers.l1_l2(l1=0.01, l2=0.01)</c>.</summary>
    [KerasObject("l1_l2")]
    public static L1L2 L1_L2(double l1 = 0.01, double l2 = 0.01) => new(l1, l2);

    // tf.keras 2.3+ and Keras 3 write l1(...)/l2(...) as the classes L1(l1=0.01)/L2(l2=0.01): the same penalty.
    [KerasObject("L1")]
    private static L1L2 Keras3L1(double l1 = 0.01) => new(l1: l1);

    [KerasObject("L2")]
    private static L1L2 Keras3L2(double l2 = 0.01) => new(l2: l2);

    /// <summary><c>keras.regularizers.get</c>: a declared name (<c>l2</c> is <c>l2(0.01)</c>).</summary>
    public static Regularizer Get(string name) =>
        ObjectRegistry.Create<Regularizer>(name) ?? throw ObjectRegistry.Unknown(typeof(Regularizer), "regularizer", name, "regularizer");

    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(name))]
    public static implicit operator Regularizer?(string? name) => name is null ? null : Get(name);
}
