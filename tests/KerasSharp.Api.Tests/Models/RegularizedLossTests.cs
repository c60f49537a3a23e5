using System.Linq;
using FluentAssertions;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Regularizers;
using KerasSharp.Tests.Harness;
using Newtonsoft.Json.Linq;
using Xunit;

namespace KerasSharp.Tests.Models;

/// <summary>Regularizers reach the loss exactly as Keras adds them (Goldens/regularized_loss.json).</summary>
public sealed class RegularizedLossTests
{
    [Fact]
    public void Loss_is_crossentropy_plus_every_penalty()
    {
        var g = (JObject)Golden.Load("regularized_loss.json");
        var model = new Sequential();
        model.Add(new Conv2D(3, (3, 3), padding: "same", activation: "relu", kernel_regularizer: Regularizer.L2(0.01), input_shape: (5, 5, 2)));
        model.Add(new Flatten());
        model.Add(new Dense(4, activation: "softmax", kernel_regularizer: Regularizer.L1(0.001), bias_regularizer: Regularizer.L1_L2(l1: 0.01, l2: 0.02)));
        model.SetWeights(((JArray)g["weights"]!).Select(Golden.Tensor).ToArray());
        model.Compile("sgd", "categorical_crossentropy");

        var total = model.TestOnBatch(Golden.Tensor(g["x"]!), Golden.Tensor(g["y"]!))[0];
        var dataOnly = new KerasSharp.Losses.CategoricalCrossentropy()
            .Call(Golden.Tensor(g["y"]!), model.Predict(Golden.Tensor(g["x"]!))).mean().item<float>();

        dataOnly.Should().BeApproximately((float)(double)g["data_loss"]!, 1e-5f);
        total.Should().BeApproximately((double)g["total_loss"]!, 1e-5);
        (total - dataOnly).Should().BeApproximately((double)g["penalty"]!, 1e-5);
    }

    [Fact]
    public void Penalty_gradient_reaches_the_weights()
    {
        // One SGD step from the same weights: the l2 model's kernel moves by an extra lr·2·l2·w (the gradient of l2·w²).
        KerasSharp.Backend.KerasBackend.SetSeed(7);
        var x = TorchSharp.torch.rand(8, 4);
        var y = TorchSharp.torch.rand(8, 2);
        Sequential Make(Regularizer? r)
        {
            var m = new Sequential();
            m.Add(new Dense(2, kernel_regularizer: r, input_shape: 4));
            m.Compile(new KerasSharp.Optimizers.SGD(learning_rate: 0.1), "mse");
            return m;
        }
        var plain = Make(null);
        var regularized = Make(Regularizer.L2(0.5));
        regularized.SetWeights(plain.GetWeights());
        var w0 = plain.GetWeights()[0];

        plain.TrainOnBatch(x, y);
        regularized.TrainOnBatch(x, y);

        var difference = plain.GetWeights()[0] - regularized.GetWeights()[0];
        Golden.ShouldMatch(difference, new JObject
        {
            ["shape"] = new JArray(w0.shape),
            ["data"] = new JArray(Tensors.Values(w0 * (0.1 * 2 * 0.5)).Select(v => (double)v)),
        }, 1e-5);
    }
}
