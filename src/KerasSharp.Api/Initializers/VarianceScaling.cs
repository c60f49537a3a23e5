using System;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasSharp.Initializers;

/// <summary>
/// <c>keras.initializers.VarianceScaling(scale=1.0, mode="fan_in", distribution="normal", seed=None)</c>, Keras 2.2+:
/// "normal" is a truncated normal whose standard deviation is corrected by 0.8796 so the cut distribution keeps
/// variance scale/n.
/// </summary>
[KerasObject("VarianceScaling", Aliases = new[] { "variance_scaling" })]
public class VarianceScaling : Initializer
{
    public VarianceScaling(double scale = 1.0, string mode = "fan_in", string distribution = "normal", int? seed = null)
        : base(seed)
    {
        if (scale <= 0) throw new ArgumentException($"`scale` must be a positive float. Got: {scale}", nameof(scale));
        Scale = scale;
        Mode = ArgumentValidation.OneOf(nameof(mode), mode, "fan_in", "fan_out", "fan_avg");
        // tf.keras writes "truncated_normal" for Keras's "normal", and has "untruncated_normal" as well.
        Distribution = ArgumentValidation.OneOf(nameof(distribution), distribution, "normal", "uniform", "truncated_normal", "untruncated_normal");
        if (Distribution == "truncated_normal") Distribution = "normal";
    }

    public double Scale { get; }
    public string Mode { get; }
    public string Distribution { get; }

    protected override Tensor Sample(long[] shape, torch.Generator? generator)
    {
        var (fanIn, fanOut) = ComputeFans(shape);
        var n = Mode switch { "fan_in" => fanIn, "fan_out" => fanOut, _ => (fanIn + fanOut) / 2 };
        var scale = Scale / Math.Max(1.0, n);
        if (Distribution == "normal")
            return TruncatedNormal.Truncated(shape, 0.0, Math.Sqrt(scale) / 0.87962566103423978, generator);
        if (Distribution == "untruncated_normal")
            return empty(shape, float32).normal_(0.0, Math.Sqrt(scale), generator);
        var limit = Math.Sqrt(3.0 * scale);
        return empty(shape, float32).uniform_(-limit, limit, generator);
    }
}
