using TorchSharp;
using static TorchSharp.torch;

namespace KerasSharp.Initializers;

/// <summary><c>keras.initializers.Ones</c>.</summary>
[KerasObject("Ones", Aliases = new[] { "ones", "one" })]
public sealed class Ones : Initializer
{
    protected override Tensor Sample(long[] shape, torch.Generator? generator) => ones(shape, float32);
}
