using TorchSharp;
using static TorchSharp.torch;

namespace KerasSharp.Initializers;

/// <summary>
/// <c>keras.initializers.TruncatedNormal(mean=0.0, stddev=0.05, seed=None)</c>: a normal distribution cut at two
/// standard deviations from the mean (TensorFlow redraws values beyond; the cut distribution is the same).
/// </summary>
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

    internal static Tensor Truncated(long[] shape, double mean, double stddev, torch.Generator? generator) =>
        nn.init.trunc_normal_(empty(shape, float32), mean, stddev, mean - 2 * stddev, mean + 2 * stddev, generator);
}
