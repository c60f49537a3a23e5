using static TorchSharp.torch;

namespace KerasSharp.Tests.Saving.Custom;

/// <summary>A user's activation, declared as the built-in ones are, for the registration tests.</summary>
public static class CustomActivations
{
    [KerasObject("cube")]
    public static Tensor Cube(Tensor x) => x.pow(3);
}
