using TorchSharp;
using static TorchSharp.torch;

namespace KerasSharp.Initializers;

/// <summary><c>keras.initializers.RandomUniform(minval=-0.05, maxval=0.05, seed=None)</c>.</summary>
[KerasObject("RandomUniform", Aliases = new[] { "random_uniform", "uniform" })]
public sealed class RandomUniform : Initializer
{
    public RandomUniform(double minval = -0.05, double maxval = 0.05, int? seed = null) : base(seed)
    {
        Minval = minval;
        Maxval = maxval;
    }

    public double Minval { get; }
    public double Maxval { get; }

    protected override Tensor Sample(long[] shape, torch.Generator? generator) =>
        empty(shape, float32).uniform_(Minval, Maxval, generator);
}
