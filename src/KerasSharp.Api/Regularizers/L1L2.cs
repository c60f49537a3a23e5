using static TorchSharp.torch;

namespace KerasSharp.Regularizers;

/// <summary><c>keras.regularizers.L1L2(l1=0.0, l2=0.0)</c>: <c>sum(l1 * |w|) + sum(l2 * w²)</c>, with no ½ factor.</summary>
[KerasObject("L1L2")]
public sealed class L1L2 : Regularizer
{
    public L1L2(double l1 = 0.0, double l2 = 0.0)
    {
        // Keras 2 stores both as float32 (K.cast_to_floatx), which is why l2(1e-4) serialises as 9.999999747378752e-05.
        L1 = (float)ArgumentValidation.NonNegative("l1", l1);
        L2 = (float)ArgumentValidation.NonNegative("l2", l2);
    }

    public new double L1 { get; }
    public new double L2 { get; }

    public override Tensor Call(Tensor weight)
    {
        Tensor? penalty = null;
        if (L1 != 0) penalty = weight.abs().sum() * L1;
        if (L2 != 0)
        {
            var l2 = weight.square().sum() * L2;
            penalty = penalty is null ? l2 : penalty + l2;
        }
        return penalty ?? zeros(1, dtype: weight.dtype, device: weight.device).sum();
    }
}
