using System.Linq;
using static TorchSharp.torch;

namespace KerasSharp.Saving;

/// <summary>
/// The only place where weights change form between files and layers. KerasSharp keeps weights in Keras layout, so
/// TensorFlow-backend files need nothing; Theano-backend files hold true-convolution kernels, flipped in every
/// spatial axis relative to TensorFlow's cross-correlation (Keras's <c>convert_kernel</c>).
/// </summary>
internal static class WeightLayout
{
    public static Tensor FromFile(Tensor value, string weightName, string? backend, Layer layer)
    {
        var isConvKernel = layer is Layers.BaseConv && weightName == "kernel";
        if (backend == "theano" && isConvKernel && value.dim() >= 3)
            return value.flip(Enumerable.Range(0, (int)value.dim() - 2).Select(i => (long)i).ToArray());
        return value;
    }
}
