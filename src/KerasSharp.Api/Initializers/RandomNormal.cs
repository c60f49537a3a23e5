using TorchSharp;
using static TorchSharp.torch;

namespace KerasSharp.Initializers;

/// <summary><c>keras.initializers.RandomNormal(mean=0.0, stddev=0.05, seed=None)</c>.</summary>
[KerasObject("RandomNormal", Aliases = new[] { "random_normal", "normal" })]
public sealed class RandomNormal : Initializer
{
    public RandomNormal(double mean = 0.0, double stddev = 0.05, int? seed = null) : base(seed)
    {
        Mean = mean;
        Stddev = stddev;
    }

    public double Mean { get; }
    public double Stddev { get; }

    protected override Tensor Sample(long[] shape, torch.Generator? generator) =>
        empty(shape, float32).normal_(Mean, Stddev, generator);
}
