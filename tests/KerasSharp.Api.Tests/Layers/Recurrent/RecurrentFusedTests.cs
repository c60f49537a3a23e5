using System.Collections.Generic;
using System.Linq;
using FluentAssertions;
using KerasSharp.Backend;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Optimizers;
using KerasSharp.Tests.Harness;
using KerasSharp.Training;
using TorchSharp;
using Xunit;
using static KerasSharp.Layers.LayerFunctions;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Layers.Recurrent;

/// <summary>
/// The fused path (libtorch's RNN/LSTM/GRU kernels: without gradients, or inside a training step) and the time-step
/// loop (any other call with gradients) give the same numbers within float32 rounding, in every mode, forward and
/// the gradients a training step hands to the Keras weights.
/// </summary>
public sealed class RecurrentFusedTests
{
    public static IEnumerable<object[]> Configurations() =>
        from kind in new[] { "SimpleRNN", "LSTM", "GRU" }
        from mode in new[] { "last", "sequences", "backwards", "state", "initial_state", "no_bias" }
        select new object[] { kind, mode };

    private static RNN Create(string kind, string mode)
    {
        var sequences = mode is "sequences" or "backwards" or "initial_state";
        var state = mode is "state" or "initial_state";
        var bias = mode != "no_bias";
        var backwards = mode == "backwards";
        return kind switch
        {
            "SimpleRNN" => new SimpleRNN(5, use_bias: bias, return_sequences: sequences, return_state: state, go_backwards: backwards),
            "LSTM" => new LSTM(5, recurrent_activation: "sigmoid", use_bias: bias, return_sequences: sequences, return_state: state, go_backwards: backwards),
            _ => new GRU(5, recurrent_activation: "sigmoid", reset_after: true, use_bias: bias, return_sequences: sequences, return_state: state, go_backwards: backwards),
        };
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Fused_and_loop_paths_agree(string kind, string mode)
    {
        KerasBackend.ClearSession();
        KerasBackend.SetSeed(11);
        var layer = Create(kind, mode);
        var x = randn(3, 7, 4);
        layer.EnsureBuilt(new Shape(null, 7, 4));
        // Non-zero biases, so that their layout is exercised too.
        if (layer.Bias is { } b) b.Assign(randn(b.Shape) * 0.3);
        var initial = mode == "initial_state" ? Enumerable.Range(0, kind == "LSTM" ? 2 : 1).Select(_ => randn(3, 5)).ToArray() : null;
        Tensor[] Run() => initial is null ? layer.ApplyAll([x]) : layer.ApplyAll(x, initial);

        var loop = Run();
        Tensor[] fused;
        using (torch.no_grad()) fused = Run();

        loop[0].requires_grad.Should().BeTrue("with gradients the loop runs");
        fused.Should().HaveCount(loop.Length);
        for (int i = 0; i < loop.Length; i++)
        {
            fused[i].shape.Should().Equal(loop[i].shape);
            var difference = (fused[i] - loop[i].detach()).abs().max().item<float>();
            difference.Should().BeLessThan(2e-6f, $"output {i} of {kind} ({mode})");
        }
    }

    [Fact]
    public void The_fused_copy_follows_the_weights_after_a_training_step()
    {
        KerasBackend.ClearSession();
        KerasBackend.SetSeed(12);
        var input = Input(shape: new Shape(6, 3));
        var lstm = new LSTM(4, recurrent_activation: "sigmoid", return_sequences: true);
        var model = new Model(input, new Dense(1).Apply(lstm.Apply(input)));
        model.Compile(new SGD(learning_rate: 0.5), loss: "mse");
        var x = randn(5, 6, 3);
        var before = model.Predict(x);

        model.TrainOnBatch(x, ones(5, 6, 1));

        var after = model.Predict(x);
        Tensor loop = model.Apply(x).detach();
        (after - loop).abs().max().item<float>().Should().BeLessThan(2e-6f, "predict (fused) matches the loop on the new weights");
        (after - before).abs().max().item<float>().Should().BeGreaterThan(1e-3f, "the step changed the predictions");
    }

    [Fact]
    public void A_stateful_fused_layer_carries_its_states_as_the_loop_does()
    {
        KerasBackend.ClearSession();
        KerasBackend.SetSeed(13);
        var gru = new GRU(3, recurrent_activation: "sigmoid", reset_after: true, stateful: true, batch_input_shape: new Shape(2, 4, 2));
        var x1 = randn(2, 4, 2);
        var x2 = randn(2, 4, 2);
        Tensor first, second;
        using (torch.no_grad())
        {
            first = gru.Apply(x1);
            second = gru.Apply(x2);
        }
        gru.ResetStates();
        var loopFirst = gru.Apply(x1).detach();
        var loopSecond = gru.Apply(x2).detach();
        (first - loopFirst).abs().max().item<float>().Should().BeLessThan(2e-6f);
        (second - loopSecond).abs().max().item<float>().Should().BeLessThan(2e-6f);
        (second - gru.Apply(x2).detach()).abs().max().item<float>().Should().BeGreaterThan(1e-4f, "the states moved on");
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Inside_a_training_step_the_fused_gradients_reach_the_Keras_weights_as_the_loops_do(string kind, string mode)
    {
        KerasBackend.ClearSession();
        KerasBackend.SetSeed(14);
        var layer = Create(kind, mode);
        var x = randn(3, 7, 4).requires_grad_(true);
        layer.EnsureBuilt(new Shape(null, 7, 4));
        if (layer.Bias is { } b) b.Assign(randn(b.Shape) * 0.3);
        var initial = mode == "initial_state" ? Enumerable.Range(0, kind == "LSTM" ? 2 : 1).Select(_ => randn(3, 5).requires_grad_(true)).ToArray() : null;
        // A loss that weighs every output element differently, so that each gradient entry is exercised.
        Tensor[]? outputWeights = null;
        Tensor Loss(Tensor[] outputs)
        {
            outputWeights ??= outputs.Select(o => randn(o.shape)).ToArray();
            return outputs.Select((o, i) => (o * outputWeights[i]).sum()).Aggregate((a, c) => a + c);
        }
        Tensor[] Run() => initial is null ? layer.ApplyAll([x]) : layer.ApplyAll(x, initial);
        var inputs = initial is null ? new[] { x } : initial.Prepend(x).ToArray();
        var weights = layer.TrainableWeights.ToArray();
        foreach (var w in weights) w.Value.requires_grad = true;

        Loss(Run()).backward();
        var loopGrads = weights.Select(w => w.Value.grad!.clone()).ToArray();
        var loopInputGrads = inputs.Select(t => t.grad!.clone()).ToArray();
        foreach (var t in weights.Select(w => (Tensor)w.Value).Concat(inputs)) t.grad = null;

        using (var step = FusedGradients.Collect())
        {
            Loss(Run()).backward();
            weights.Select(w => w.Value.grad is null).Should().AllBeEquivalentTo(true, "the fused kernel's gradients land on its own copy of the weights");
            step.Transfer();
        }
        for (int i = 0; i < weights.Length; i++)
            MaxDifference(weights[i].Value.grad!, loopGrads[i]).Should().BeLessThan(1e-5, $"{kind} ({mode}) {weights[i].Name}");
        for (int i = 0; i < inputs.Length; i++)
            MaxDifference(inputs[i].grad!, loopInputGrads[i]).Should().BeLessThan(1e-5, $"{kind} ({mode}) input {i}");
    }

    [Theory]
    [InlineData("SimpleRNN", 1)]
    [InlineData("LSTM", 1)]
    [InlineData("LSTM", 2)]
    [InlineData("GRU", 2)]
    public void A_training_step_with_input_dropout_trains_fused_exactly_as_the_loop(string kind, int implementation)
    {
        // Implementation 2 and SimpleRNN draw one input mask used by every gate, which the fused path applies to the
        // inputs; implementation 1's per-gate masks keep the loop. Either way the step must equal SGD on the loop's gradients.
        KerasBackend.ClearSession();
        KerasBackend.SetSeed(15);
        RNN Layer() => kind switch
        {
            "SimpleRNN" => new SimpleRNN(5, dropout: 0.3),
            "LSTM" => new LSTM(5, recurrent_activation: "sigmoid", dropout: 0.3, implementation: implementation),
            _ => new GRU(5, recurrent_activation: "sigmoid", reset_after: true, dropout: 0.3, implementation: implementation),
        };
        var input = Input(shape: new Shape(6, 4));
        var rnn = Layer();
        var model = new Model(input, new Dense(2).Apply(rnn.Apply(input)));
        model.Compile(new SGD(learning_rate: 0.1), loss: "mse");
        var x = randn(4, 6, 4);
        var y = randn(4, 2);
        var before = model.GetWeights();

        // The reference: the same forward as an eager call (the loop, with the same dropout draw), mse, plain SGD.
        KerasBackend.SetSeed(16);
        foreach (var w in model.TrainableWeights) w.Value.requires_grad = true;
        var loss = (model.Apply(x, training: true) - y).pow(2).mean();
        loss.backward();
        var expected = model.TrainableWeights.Select(w => (w.Value - 0.1 * w.Value.grad!).detach()).ToArray();
        foreach (var w in model.TrainableWeights) w.Value.grad = null;

        KerasBackend.SetSeed(16);
        var trainedLoss = model.TrainOnBatch(x, y);

        trainedLoss[0].Should().BeApproximately(loss.item<float>(), 1e-5);
        var after = model.TrainableWeights.ToArray();
        for (int i = 0; i < after.Length; i++)
            MaxDifference(after[i].Value, expected[i]).Should().BeLessThan(1e-6, $"{after[i].FullName}");
        MaxDifference(model.GetWeights()[0], before[0]).Should().BeGreaterThan(1e-4, "the step moved the kernel");
    }

    private static double MaxDifference(Tensor a, Tensor b) => (a.detach() - b.detach()).abs().max().item<float>();
}
