using KerasSharp.Datasets;
using KerasSharp.Utils;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Harness;

/// <summary>The first n CIFAR-10 training images, z-scored as the tutorial does, with one-hot labels.</summary>
internal static class CifarSubset
{
    public static (Tensor X, Tensor Y) Load(int n)
    {
        var ((x_train, y_train), _) = Cifar10.LoadData();
        var x = x_train[..n].to_type(ScalarType.Float32);
        x = (x - x.mean()) / (x.std(unbiased: false) + 1e-7);
        return (x, NpUtils.ToCategorical(y_train[..n], 10));
    }
}
