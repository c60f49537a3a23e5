using System;
using System.Collections.Generic;
using System.Linq;
using FluentAssertions;
using KerasSharp.Callbacks;
using KerasSharp.Layers;
using KerasSharp.Metrics;
using KerasSharp.Models;
using KerasSharp.Optimizers;
using KerasSharp.Tests.Harness;
using KerasSharp.Training;
using Newtonsoft.Json.Linq;
using Xunit;
using static KerasSharp.Layers.LayerFunctions;
using static TorchSharp.torch;
using K = KerasSharp.Backend.KerasBackend;

namespace KerasSharp.Tests.Training;

/// <summary>
/// Several inputs and outputs, losses and metrics written as functions, added losses: against
/// Goldens/functional/two_io.json (Keras 2.2.4's compile and SGD in numpy) and hand calculations.
/// </summary>
public sealed class MultiOutputTrainingTests
{
    private static (Model Model, JObject Golden) TwoInputsTwoOutputs()
    {
        var g = (JObject)Golden.Load("functional/two_io.json");
        var inA = Input(shape: 5, name: "in_a");
        var inB = Input(shape: 5, name: "in_b");
        var shared = new Dense(4, activation: "tanh", name: "shared");
        var (ha, hb) = (shared.Apply(inA), shared.Apply(inB));
        var outCls = new Dense(3, activation: "softmax", name: "out_cls").Apply(concatenate([ha, hb]));
        var outReg = new Dense(1, name: "out_reg").Apply(subtract([ha, hb]));
        var model = new Model(inputs: [inA, inB], outputs: [outCls, outReg]);
        foreach (var (name, values) in (JObject)g["weights"]!) model.GetLayer(name).SetWeights(((JArray)values!).Select(Golden.Tensor).ToArray());
        return (model, g);
    }

    [Fact]
    public void Two_outputs_with_loss_weights_train_as_Keras_for_three_steps()
    {
        var (model, g) = TwoInputsTwoOutputs();
        model.Compile(new SGD(lr: 0.1), loss: ["categorical_crossentropy", "mse"], loss_weights: [1.0, 0.5]);
        model.MetricsNames.Should().Equal(((JArray)g["metrics_names"]!).Select(n => (string)n!));
        var x = new[] { Golden.Tensor(g["x"]!["in_a"]!), Golden.Tensor(g["x"]!["in_b"]!) };
        var y = new[] { Golden.Tensor(g["y"]!["out_cls"]!), Golden.Tensor(g["y"]!["out_reg"]!) };
        foreach (var step in (JArray)g["steps"]!)
        {
            var returned = model.TrainOnBatch(x, y);
            returned.Should().Equal(((JArray)step["returned"]!).Select(v => (double)v), (a, e) => Math.Abs(a - e) < 1e-5 * (1 + Math.Abs(e)));
        }
        foreach (var (name, values) in (JObject)g["weights_after"]!)
        {
            var weights = model.GetLayer(name).GetWeights();
            for (int i = 0; i < weights.Length; i++) Golden.ShouldMatch(weights[i], values![i]!, because: $"{name} weight {i} after 3 steps");
        }
    }

    [Fact]
    public void Inputs_and_targets_by_name_and_Keras_2_log_keys()
    {
        var (model, g) = TwoInputsTwoOutputs();
        model.Compile("sgd", loss: new Dictionary<string, string> { ["out_cls"] = "categorical_crossentropy", ["out_reg"] = "mse" },
                      metrics: new Dictionary<string, string[]> { ["out_cls"] = new[] { "accuracy" } });
        model.MetricsNames.Should().Equal("loss", "out_cls_loss", "out_reg_loss", "out_cls_accuracy");
        var x = new Dictionary<string, Tensor> { ["in_b"] = Golden.Tensor(g["x"]!["in_b"]!), ["in_a"] = Golden.Tensor(g["x"]!["in_a"]!) };
        var y = new Dictionary<string, Tensor> { ["out_cls"] = Golden.Tensor(g["y"]!["out_cls"]!), ["out_reg"] = Golden.Tensor(g["y"]!["out_reg"]!) };
        var history = model.Fit(x, y, epochs: 2, batch_size: 2, verbose: 0, validation_data: new ValidationData(x, y));
        history.Values.Keys.Should().Equal("loss", "out_cls_loss", "out_reg_loss", "out_cls_accuracy",
                                           "val_loss", "val_out_cls_loss", "val_out_reg_loss", "val_out_cls_accuracy");
        var evaluated = model.Evaluate(x, y, verbose: 0);
        evaluated[0].Should().BeApproximately(evaluated[1] + evaluated[2], 1e-6, "loss weights default to 1");
        history.Values["val_loss"][1].Should().BeApproximately(evaluated[0], 1e-6);

        var (cls, reg) = (model.PredictOutputs(x)[0], model.PredictOutputs(x)[1]);
        cls.shape.Should().Equal(4, 3);
        reg.shape.Should().Equal(4, 1);
        FluentActions.Invoking(() => model.Predict(x)).Should().Throw<KerasException>()
            .WithMessage("Model * has 2 outputs (out_cls, out_reg): Keras returns a list, which is PredictOutputs here*");
    }

    [Fact]
    public void Bad_names_and_counts_are_named()
    {
        var (model, g) = TwoInputsTwoOutputs();
        FluentActions.Invoking(() => model.Compile("sgd", loss: new Dictionary<string, string> { ["out_clss"] = "mse" })).Should().Throw<ArgumentException>()
            .WithMessage("Unknown entry in loss dictionary: \"out_clss\". Only expected the following keys: ['out_cls', 'out_reg']*");
        FluentActions.Invoking(() => model.Compile("sgd", loss: ["mse"])).Should().Throw<ArgumentException>()
            .WithMessage("When passing a list as loss, it should have one entry per model outputs. The model has 2 outputs, but you passed loss=1 losses*");
        model.Compile("sgd", "mse");
        var xa = Golden.Tensor(g["x"]!["in_a"]!);
        FluentActions.Invoking(() => model.Fit(xa, xa, verbose: 0)).Should().Throw<ArgumentException>()
            .WithMessage("Error when checking model input: the list of arrays that you are passing to your model is not the size the model expected. Expected to see 2 array(s), but instead got 1 array(s)*");
        FluentActions.Invoking(() => model.Fit(new Dictionary<string, Tensor> { ["in_a"] = xa }, [zeros(4, 3), zeros(4, 1)], verbose: 0))
            .Should().Throw<ArgumentException>().WithMessage("No data provided for \"in_b\". Need data for each key in: ['in_a', 'in_b']*");
    }

    private static Tensor MeanSquaredLoss(Tensor y_true, Tensor y_pred) => (y_true - y_pred).square().mean(new long[] { -1 });

    private static Tensor MeanAbsolute(Tensor y_true, Tensor y_pred) => (y_true - y_pred).abs();

    [Fact]
    public void Losses_and_metrics_written_as_functions()
    {
        K.SetSeed(9);
        var model = new Sequential();
        model.Add(new Dense(2, input_shape: 3));
        using var x = rand(6, 3);
        using var y = rand(6, 2);
        model.Compile("sgd", loss: MeanSquaredLoss, metrics: ["mse", new MetricFunction(MeanAbsolute)]);
        model.MetricsNames.Should().Equal("loss", "mse", "MeanAbsolute");
        var result = model.Evaluate(x, y, verbose: 0);
        using var p = model.Predict(x);
        var mse = (y - p).square().mean().item<float>();
        result[0].Should().BeApproximately(mse, 1e-6, "the function loss is the mean squared error");
        result[1].Should().BeApproximately(mse, 1e-6);
        result[2].Should().BeApproximately((y - p).abs().mean().item<float>(), 1e-6);

        model.Compile("sgd", loss: (y_true, y_pred) => (y_true - y_pred).abs().sum(new long[] { -1 }));
        model.Evaluate(x, y, verbose: 0)[0].Should().BeApproximately((y - p).abs().sum(1).mean().item<float>(), 1e-5, "a lambda works as the loss");
    }

    [Fact]
    public void An_added_loss_alone_trains_a_model_VAE_style()
    {
        K.SetSeed(4);
        var input = Input(shape: 4);
        var encoded = new Dense(2, activation: "tanh").Apply(input);
        var decoded = new Dense(4).Apply(encoded);
        var model = new Model(input, decoded);
        var reconstruction = new Lambda((Tensor[] t) => (t[0] - t[1]).square().sum(new long[] { -1 })).Apply([input, decoded]);
        var kl = new Lambda(t => t.square().sum(new long[] { -1 }) * 0.1).Apply(encoded);
        model.AddLoss(new Lambda((Tensor[] t) => (t[0] + t[1]).mean()).Apply([reconstruction, kl]));
        model.Compile("adam");
        model.MetricsNames.Should().Equal("loss");
        using var x = rand(64, 4);
        var history = model.Fit(x, epochs: 5, batch_size: 16, verbose: 0, validation_data: (x, (Tensor?)null));
        var losses = history.Values["loss"];
        losses[^1].Should().BeLessThan(losses[0], "the added loss is minimised");

        using var p = model.Predict(x);
        using var z = model.GetLayer(index: 1).Apply(x);
        var expected = ((x - p).square().sum(1) + z.square().sum(1) * 0.1).mean().item<float>();
        model.Evaluate(x, verbose: 0)[0].Should().BeApproximately(expected, 1e-5, "the loss is the added tensor's value");
        history.Values["val_loss"][^1].Should().BeApproximately(expected, 1e-5);
    }

    [Fact]
    public void A_generator_of_named_batches_feeds_a_two_input_model()
    {
        var (model, g) = TwoInputsTwoOutputs();
        model.Compile("sgd", loss: ["categorical_crossentropy", "mse"]);
        var x = new Dictionary<string, Tensor> { ["in_a"] = Golden.Tensor(g["x"]!["in_a"]!), ["in_b"] = Golden.Tensor(g["x"]!["in_b"]!) };
        var y = new[] { Golden.Tensor(g["y"]!["out_cls"]!), Golden.Tensor(g["y"]!["out_reg"]!) };
        IEnumerable<(ArrayData x, ArrayData y)> Batches()
        {
            while (true) yield return (x, y);
        }
        var expected = model.Evaluate(x, y, verbose: 0);
        model.EvaluateGenerator(Batches(), steps: 2).Should().Equal(expected, (a, e) => Math.Abs(a - e) < 1e-6);
        var outputs = model.PredictGeneratorOutputs(Batches(), steps: 1);
        Tensors.Values(outputs[1]).Should().Equal(Tensors.Values(model.PredictOutputs(x)[1]));
        model.FitGenerator(Batches(), steps_per_epoch: 3, epochs: 1, verbose: 0).Values["loss"].Should().HaveCount(1);
    }
}
