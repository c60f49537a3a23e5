using TorchSharp;
using static TorchSharp.torch;

namespace KerasSharp.Initializers;

/// <summary><c>keras.initializers.Zeros</c>.</summary>
[KerasObject("Zeros", Aliases = new[] { "zeros", "zero" })]
public sealed class Zeros : Initializer
{
    protected override Tensor Sample(long[] shape, torch.Generator? generator) => zeros(shape, float32);
}
