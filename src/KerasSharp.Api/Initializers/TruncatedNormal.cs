using TorchSharp;
using static TorchSharp.torch;

namespace KerasSharp.Initializers;

/// <summary>
/// <c>keras.initializers.TruncatedNormal(mean=0.0, stddev=0.05, seed=None)</c>: a normal distribution cut at two
/// standard deviations from the mean (TensorFlow redraws values beyond; the cut distribution is the same).
/// </summary>
[KerasObject("TruncatedNormal", Aliases = new[] { "truncated_normal" })]
public sealed class TruncatedNormal : Initializer
{
    public TruncatedNormal(double mean = 0.0, double stddev = 0.05, int? seed = null) : base(seed)
    {
        Mean = mean;
        Stddev = stddev;
    }

    public double Mean { get; }
    public double Stddev { get; }

    protected override Tensor Sample(long[] shape, torch.Generator? generator) =>
        Truncated(shape, Mean, Stddev, generator);

    /// <summary>
    /// A normal distribution cut at mean ± 2·stddev, drawn by inverse CDF: u uniform on [Φ(−2), Φ(2)], then
    /// x = mean + stddev·√2·erfinv(2u − 1).
    /// </summary>
    internal static Tensor Truncated(long[] shape, double mean, double stddev, torch.Generator? generator)
    {
        const double Phi = 0.97724986805182079; // Φ(2)
        var u = empty(shape, float64).uniform_(1 - Phi, Phi, generator);
        var x = (u * 2 - 1).erfinv_().mul_(System.Math.Sqrt(2) * stddev).add_(mean).clamp_(mean - 2 * stddev, mean + 2 * stddev);
        return x.to_type(float32);
    }
}
