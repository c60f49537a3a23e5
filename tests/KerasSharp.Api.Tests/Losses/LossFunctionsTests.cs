using System;
using FluentAssertions;
using KerasSharp.Backend;
using KerasSharp.Tests.Harness;
using Xunit;
using static KerasSharp.Layers.LayerFunctions;
using static KerasSharp.Losses.LossFunctions;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Losses;

/// <summary>keras.losses' functions (<c>mse</c>, <c>binary_crossentropy</c>, ...) on tensors and symbolic tensors, by hand.</summary>
public sealed class LossFunctionsTests
{
    // Two samples: y_true [[0, 1], [1, 1]], y_pred [[1, 1], [0.5, 0.5]].
    private static (Tensor y_true, Tensor y_pred) Data() =>
        (tensor(new float[] { 0, 1, 1, 1 }, 2, 2), tensor(new float[] { 1, 1, 0.5f, 0.5f }, 2, 2));

    [Fact]
    public void Each_gives_the_loss_of_each_sample_as_Keras_2_2_4_defines_it()
    {
        var (y_true, y_pred) = Data();
        // mean((y_pred - y_true)²) over the last axis: (1 + 0) / 2, (0.25 + 0.25) / 2.
        Tensors.Values(mse(y_true, y_pred)).Should().Equal(0.5f, 0.25f);
        Tensors.Values(mean_squared_error(y_true, y_pred)).Should().Equal(0.5f, 0.25f);
        // mean(|y_pred - y_true|): (1 + 0) / 2, (0.5 + 0.5) / 2.
        Tensors.Values(mae(y_true, y_pred)).Should().Equal(0.5f, 0.5f);
        Tensors.Values(mean_absolute_error(y_true, y_pred)).Should().Equal(0.5f, 0.5f);
        // Second sample: -log(0.5) for both entries, so ln 2. First: p = 1 is clipped to 1 - 1e-7, which float32 (as
        // TensorFlow computes it) rounds to 1 - 2^-23; the entry with y_true 0 costs -log(2^-23) = 23 ln 2, the one
        // with y_true 1 about 0: mean 23 ln 2 / 2 = 7.9712.
        var bce = Tensors.Values(binary_crossentropy(y_true, y_pred));
        bce[1].Should().BeApproximately(MathF.Log(2), 1e-6f);
        bce[0].Should().BeApproximately(23 * MathF.Log(2) / 2, 1e-4f);
        // Σ -y_true·log(y_pred / Σ y_pred): second sample 2 · -log(0.5) = 2 ln 2.
        Tensors.Values(categorical_crossentropy(y_true, y_pred))[1].Should().BeApproximately(2 * MathF.Log(2), 1e-6f);
    }

    [Fact]
    public void On_symbolic_tensors_they_are_recorded_and_a_function_computes_the_same_values()
    {
        var (t, p) = (Input(shape: 2), Input(shape: 2));
        var squared = mse(t, p);
        squared.Shape.Should().Be(new Shape(new int?[] { null }), "one value per sample");
        var f = KerasBackend.Function([t, p], [squared, mae(t, p), binary_crossentropy(t, p)]);
        var (y_true, y_pred) = Data();
        var (m, a, b) = f([y_true, y_pred]);
        Tensors.Values(m).Should().Equal(0.5f, 0.25f);
        Tensors.Values(a).Should().Equal(0.5f, 0.5f);
        Tensors.Values(b)[1].Should().BeApproximately(MathF.Log(2), 1e-6f);
    }
}
