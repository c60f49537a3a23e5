using TorchSharp;
using static TorchSharp.torch;

namespace KerasSharp.Bench;

/// <summary>
/// One random training batch (64 images, 32x32x3, 10 one-hot classes) and a random inference set (batches of 128),
/// each in the layouts the variants take. Made once, outside any dispose scope and outside the timed regions.
/// </summary>
internal sealed class SyntheticData : System.IDisposable
{
    public SyntheticData(int inferBatches, int seed)
    {
        using var generator = new torch.Generator((ulong)seed);
        XNhwc = torch.randn(new long[] { BenchOptions.BatchSize, BenchOptions.Height, BenchOptions.Width, BenchOptions.Channels }, generator: generator);
        Labels = torch.randint(BenchOptions.Classes, new long[] { BenchOptions.BatchSize }, generator: generator, dtype: int64);
        YOneHot = nn.functional.one_hot(Labels, BenchOptions.Classes).to_type(float32);
        XNchw = XNhwc.permute(0, 3, 1, 2).contiguous();
        InferNhwc = torch.randn(new long[] { inferBatches * BenchOptions.InferenceBatchSize, BenchOptions.Height, BenchOptions.Width, BenchOptions.Channels }, generator: generator);
        InferNchw = InferNhwc.permute(0, 3, 1, 2).contiguous();
    }

    /// <summary>(64, 32, 32, 3) float32, contiguous: what a Keras user feeds.</summary>
    public Tensor XNhwc { get; }

    /// <summary>The same batch as (64, 3, 32, 32), contiguous (a copy made once).</summary>
    public Tensor XNchw { get; }

    /// <summary>Class ids (64,) int64.</summary>
    public Tensor Labels { get; }

    /// <summary>One-hot targets (64, 10) float32.</summary>
    public Tensor YOneHot { get; }

    /// <summary>The inference images, NHWC contiguous.</summary>
    public Tensor InferNhwc { get; }

    /// <summary>The inference images, NCHW contiguous.</summary>
    public Tensor InferNchw { get; }

    public long InferImages => InferNhwc.shape[0];

    public void Dispose()
    {
        XNhwc.Dispose();
        XNchw.Dispose();
        Labels.Dispose();
        YOneHot.Dispose();
        InferNhwc.Dispose();
        InferNchw.Dispose();
    }
}
