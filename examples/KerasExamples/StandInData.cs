using static TorchSharp.torch;

namespace KerasExamples;

/// <summary>
/// Random data of a dataset's exact shapes and dtypes, for the scripts whose Keras loader KerasSharp does not have yet
/// (MNIST: issue 14). Swap in the loader when it exists; nothing else in the script changes.
/// </summary>
public static class StandInData
{
    /// <summary><c>mnist.load_data()</c>'s shapes: uint8 images (60000, 28, 28) and (10000, 28, 28), uint8 labels 0..9.</summary>
    public static ((Tensor x_train, Tensor y_train), (Tensor x_test, Tensor y_test)) Mnist(int seed = 1)
    {
        var generator = new TorchSharp.torch.Generator((ulong)seed);
        Tensor Images(long n) => randint(0, 256, new long[] { n, 28, 28 }, dtype: ScalarType.Byte, generator: generator);
        Tensor Labels(long n) => randint(0, 10, new long[] { n }, dtype: ScalarType.Byte, generator: generator);
        return ((Images(60000), Labels(60000)), (Images(10000), Labels(10000)));
    }
}
