using FluentAssertions;
using KerasSharp.Tests.Harness;
using Xunit;
using static TorchSharp.torch;
using K = KerasSharp.Backend.KerasBackend;

namespace KerasSharp.Tests.Backend;

/// <summary>Backend math on tensors where a Keras line passes something other than a name or a tensor.</summary>
public sealed class KerasBackendMathTests
{
    [Fact]
    public void Cast_takes_another_tensors_dtype()
    {
        // mnist_siamese.py's accuracy: K.cast(y_pred < 0.5, y_true.dtype).
        using var y_pred = tensor(new float[] { 0.2f, 0.7f, 0.4f });
        using var y_true = tensor(new float[] { 1, 0, 0 });
        var pred = K.Cast(y_pred < 0.5, y_true.dtype);
        pred.dtype.Should().Be(ScalarType.Float32);
        Tensors.Values(pred).Should().Equal(1f, 0f, 1f);
        // Two of the three agree: mean 2/3.
        K.Mean(K.Equal(y_true, pred)).item<float>().Should().BeApproximately(2f / 3, 1e-6f);
        K.Cast(y_pred, ScalarType.Int64).dtype.Should().Be(ScalarType.Int64);
    }
}
