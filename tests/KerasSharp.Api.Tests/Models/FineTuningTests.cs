using System.Linq;
using FluentAssertions;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Optimizers;
using KerasSharp.Tests.Harness;
using Newtonsoft.Json.Linq;
using Xunit;

namespace KerasSharp.Tests.Models;

/// <summary>
/// Freeze → compile → train → unfreeze → compile → train, against Goldens/training/make_fine_tuning.py (Keras 2.3.1's
/// equations in numpy; labels of shape (n,) against a (n, 1) output, as the IMDB tutorials pass them).
/// </summary>
public sealed class FineTuningTests
{
    private static (Sequential Model, Dense First, JObject Golden) Model()
    {
        var g = (JObject)Golden.Load("training/fine_tuning.json");
        var first = new Dense(3, activation: "tanh", input_shape: 4);
        var model = new Sequential();
        model.Add(first);
        model.Add(new Dense(1, activation: "sigmoid"));
        model.SetWeights(((JArray)g["initial"]!).Select(Golden.Tensor).ToArray());
        return (model, first, g);
    }

    [Fact]
    public void The_fine_tuning_recipe_matches_the_reference()
    {
        var (model, first, g) = Model();
        var (x, y) = (Golden.Tensor(g["x"]!), Golden.Tensor(g["y"]!));
        y.shape.Should().Equal(6);
        var optimizer = new RMSprop(lr: 0.01);

        first.Trainable = false;
        model.Compile(optimizer, "binary_crossentropy");
        var frozen = new[] { model.TrainOnBatch(x, y)[0], model.TrainOnBatch(x, y)[0] };
        frozen.Should().Equal(((JArray)g["losses_frozen"]!).Select(v => (double)v), (a, e) => System.Math.Abs(a - e) < 1e-6);
        var weights = model.GetWeights();
        for (int i = 0; i < 4; i++) Golden.ShouldMatch(weights[i], g["after_frozen"]![i]!, because: $"weight {i} after the frozen phase");
        Tensors.Values(weights[0]).Should().Equal(Tensors.Values(Golden.Tensor(g["initial"]![0]!)), "the frozen kernel is untouched, bit for bit");

        first.Trainable = true;
        model.Compile(optimizer, "binary_crossentropy");
        var unfrozen = new[] { model.TrainOnBatch(x, y)[0], model.TrainOnBatch(x, y)[0] };
        unfrozen.Should().Equal(((JArray)g["losses_unfrozen"]!).Select(v => (double)v), (a, e) => System.Math.Abs(a - e) < 1e-6);
        weights = model.GetWeights();
        for (int i = 0; i < 4; i++) Golden.ShouldMatch(weights[i], g["after_unfrozen"]![i]!, because: $"weight {i} after the unfrozen phase");
        optimizer.Iterations.Should().Be(4, "iterations go on across compiles, as in Keras 2");
    }

    [Fact]
    public void A_frozen_layer_gets_no_gradient_and_keeps_none()
    {
        var (model, first, g) = Model();
        var (x, y) = (Golden.Tensor(g["x"]!), Golden.Tensor(g["y"]!));
        model.Compile("sgd", "binary_crossentropy");
        model.TrainOnBatch(x, y);
        first.Kernel.Value.grad.Should().NotBeNull("a trainable weight has its gradient after a step");

        first.Trainable = false;
        model.Compile("sgd", "binary_crossentropy");
        for (int i = 0; i < 3; i++) model.TrainOnBatch(x, y);
        first.Kernel.Value.grad.Should().BeNull("no gradient is computed for a frozen weight, and none is kept");
        first.Bias!.Value.grad.Should().BeNull();
        first.Kernel.Value.requires_grad.Should().BeFalse();
        first.TrainableWeights.Should().BeEmpty();
    }

    [Fact]
    public void A_model_compiled_before_a_layer_was_frozen_still_trains_it_as_in_Keras_2()
    {
        // The GAN recipe: the discriminator is compiled, then frozen before the combined model is compiled; its own
        // TrainOnBatch goes on updating it (Keras 2 warns of the discrepancy), the combined model's does not.
        KerasSharp.Backend.KerasBackend.SetSeed(8);
        var discriminator = new Sequential();
        discriminator.Add(new Dense(1, activation: "sigmoid", input_shape: 3));
        discriminator.Compile("sgd", "binary_crossentropy");
        var generator = new Sequential();
        generator.Add(new Dense(3, input_shape: 2));
        discriminator.Trainable = false;
        var combined = new Sequential();
        combined.Add(generator);
        combined.Add(discriminator);
        combined.Compile("sgd", "binary_crossentropy");

        var (x, noise, ones) = (TorchSharp.torch.rand(4, 3), TorchSharp.torch.rand(4, 2), TorchSharp.torch.ones(4, 1));
        var d = Tensors.Values(discriminator.GetWeights()[0]);
        var gen = Tensors.Values(generator.GetWeights()[0]);
        var warning = StandardError.Capture(() => discriminator.TrainOnBatch(x, ones));
        warning.Trim().Should().Be("UserWarning: Discrepancy between trainable weights and collected trainable weights, did you set `model.trainable` without calling `model.compile` after ?");
        Tensors.Values(discriminator.GetWeights()[0]).Should().NotEqual(d, "the discriminator trains what it collected at compile");

        d = Tensors.Values(discriminator.GetWeights()[0]);
        combined.TrainOnBatch(noise, ones);
        Tensors.Values(discriminator.GetWeights()[0]).Should().Equal(d, "the combined model was compiled with the discriminator frozen");
        Tensors.Values(generator.GetWeights()[0]).Should().NotEqual(gen, "the generator learns through the frozen discriminator");
    }
}
