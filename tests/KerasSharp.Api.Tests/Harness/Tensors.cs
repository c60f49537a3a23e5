using System.Linq;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Harness;

internal static class Tensors
{
    public static float[] Values(Tensor t) => t.detach().cpu().to_type(ScalarType.Float32).data<float>().ToArray();
}
