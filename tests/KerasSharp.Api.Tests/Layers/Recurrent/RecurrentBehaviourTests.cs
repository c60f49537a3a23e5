using System;
using System.Collections.Generic;
using System.Linq;
using FluentAssertions;
using KerasSharp.Backend;
using KerasSharp.Callbacks;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Optimizers;
using KerasSharp.Saving;
using KerasSharp.Tests.Harness;
using Newtonsoft.Json.Linq;
using TorchSharp;
using Xunit;
using static KerasSharp.Layers.LayerFunctions;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Layers.Recurrent;

/// <summary>Recurrent-layer behaviour checked by identities rather than goldens: masks, dropout masks, errors.</summary>
public sealed class RecurrentBehaviourTests
{
    [Fact]
    public void A_masked_trailing_step_leaves_the_last_output_as_the_unmasked_prefix_gives_it()
    {
        KerasBackend.ClearSession();
        KerasBackend.SetSeed(3);
        var lstm = new LSTM(3);
        var x = randn(2, 4, 2);
        // Sample 0 ends with two steps of zeros: Masking hides them, so its last output is the output after step 2.
        x[0, 2..] = zeros(2, 2);
        var masked = lstm.Apply(new Masking().Apply(x));
        var prefix = lstm.Apply(x[0..1, 0..2]);
        Tensors.Values(masked[0]).Should().BeEquivalentTo(Tensors.Values(prefix[0]), o => o.WithStrictOrdering().Using<float>(c => c.Subject.Should().BeApproximately(c.Expectation, 1e-6f)).WhenTypeIs<float>());
        var unmasked = lstm.Apply(x);
        Math.Abs(Tensors.Values(unmasked[0])[0] - Tensors.Values(prefix[0])[0]).Should().BeGreaterThan(1e-4f, "without the mask the zero steps change the state");
    }

    [Fact]
    public void Input_dropout_mask_is_drawn_once_per_call_and_kept_over_the_steps()
    {
        KerasBackend.ClearSession();
        // Linear cell with kernel = I and no recurrence: output_t = x_t · mask, so with x = 1 every step shows the mask.
        var rnn = new SimpleRNN(3, activation: "linear", use_bias: false, dropout: 0.5, return_sequences: true);
        rnn.EnsureBuilt(new Shape(null, 5, 3));
        rnn.SetWeights([eye(3), zeros(3, 3)]);
        var x = ones(8, 5, 3);

        var y = rnn.Apply(x, training: true);

        var first = y.select(1, 0);
        for (int t = 1; t < 5; t++) Tensors.Values(y.select(1, t)).Should().Equal(Tensors.Values(first), "the same mask at every step");
        Tensors.Values(first).Should().OnlyContain(v => v == 0f || v == 2f, "kept units are scaled by 1/(1 − 0.5)");
        Tensors.Values(first).Should().Contain(0f).And.Contain(2f);
        Tensors.Values(rnn.Apply(x)).Should().OnlyContain(v => v == 1f, "no dropout at inference");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Lstm_recurrent_dropout_applies_each_gates_mask_to_its_block(int implementation)
    {
        KerasBackend.ClearSession();
        var lstm = new LSTM(3, recurrent_dropout: 0.5, implementation: implementation, return_sequences: true);
        lstm.EnsureBuilt(new Shape(null, 4, 2));
        KerasBackend.SetSeed(11);
        var (kernel, recurrent, bias) = (randn(2, 12), randn(3, 12), randn(12));
        lstm.SetWeights([kernel, recurrent, bias]);
        var x = randn(5, 4, 2);

        KerasBackend.SetSeed(7);
        var y = lstm.Apply(x, training: true);

        // The same masks drawn again (one (batch, units) mask per gate, in gate order), then Keras's LSTMCell.call
        // gate by gate: z_g = x_t·W_g + b_g + (h·m_g)·U_g, m_g being mask 0 for every gate with implementation 2.
        KerasBackend.SetSeed(7);
        var masks = Enumerable.Range(0, 4).Select(_ => empty(5, 3).bernoulli_(0.5).div_(0.5)).ToArray();
        Tensor HardSigmoid(Tensor v) => (v * 0.2 + 0.5).clamp(0, 1);
        var (h, c) = (zeros(5, 3), zeros(5, 3));
        var expected = new List<Tensor>();
        for (int t = 0; t < 4; t++)
        {
            var z = Enumerable.Range(0, 4).Select(g =>
                x.select(1, t).matmul(kernel[.., (g * 3)..(g * 3 + 3)]) + bias[(g * 3)..(g * 3 + 3)]
                + (h * masks[implementation == 1 ? g : 0]).matmul(recurrent[.., (g * 3)..(g * 3 + 3)])).ToArray();
            c = HardSigmoid(z[1]) * c + HardSigmoid(z[0]) * z[2].tanh();
            h = HardSigmoid(z[3]) * c.tanh();
            expected.Add(h);
        }
        Tensors.Values(y).Should().Equal(Tensors.Values(stack(expected, 1)), (a, e) => MathF.Abs(a - e) < 1e-5f);
        (lstm.Apply(x) - y).abs().max().item<float>().Should().BeGreaterThan(1e-3f, "no dropout at inference");
    }

    [Fact]
    public void Recurrent_dropout_mask_is_kept_over_the_steps()
    {
        KerasBackend.ClearSession();
        // No input path, recurrent kernel = I: h_t = h_{t−1} · mask, so h_2 = 2 · h_1 wherever the same mask is reused.
        var rnn = new SimpleRNN(6, activation: "linear", use_bias: false, recurrent_dropout: 0.5, return_sequences: true);
        rnn.EnsureBuilt(new Shape(null, 3, 2));
        rnn.SetWeights([zeros(2, 6), eye(6)]);

        var y = rnn.Apply(zeros(8, 3, 2), initial_state: [ones(8, 6)], training: true);

        var h1 = Tensors.Values(y.select(1, 0));
        var h2 = Tensors.Values(y.select(1, 1));
        h1.Should().OnlyContain(v => v == 0f || v == 2f);
        h2.Should().Equal(h1.Select(v => 2 * v), "the second step multiplies by the same mask");
    }

    [Fact]
    public void Return_state_deconstructs_and_initial_state_is_recorded_in_the_graph_and_its_json()
    {
        KerasBackend.ClearSession();
        KerasBackend.SetSeed(5);
        var tokens = Input(shape: new Shape(4));
        var h0 = Input(shape: new Shape(3));
        var c0 = Input(shape: new Shape(3));
        var embedded = new Embedding(7, 2, mask_zero: true).Apply(tokens);
        var (output, state_h, state_c) = new LSTM(3, return_state: true, return_sequences: true).Apply(embedded, initial_state: [h0, c0]);
        output.Shape.Should().Be(new Shape(null, 4, 3));
        state_h.Shape.Should().Be(new Shape(null, 3));
        state_c.Shape.Should().Be(new Shape(null, 3));
        var model = new Model([tokens, h0, c0], [output, state_h, state_c]);
        model.Layers.Should().HaveCount(5);

        var json = model.ToJson();
        var lstmEntry = JObject.Parse(json)["config"]!["layers"]!.Single(l => (string)l["class_name"]! == "LSTM");
        lstmEntry["inbound_nodes"]![0]!.Select(n => (string)n[0]!).Should().Equal("embedding_1", "input_2", "input_3");
        var loaded = SavingApi.ModelFromJson(json);
        loaded.ToJson().Should().Be(json);
        loaded.SetWeights(model.GetWeights());

        var x = tensor(new float[] { 0, 3, 6, 1, 2, 2, 0, 0 }, new long[] { 2, 4 });
        var h = randn(2, 3);
        var c = randn(2, 3);
        var expected = model.PredictOutputs([x, h, c]);
        var actual = loaded.PredictOutputs([x, h, c]);
        for (int i = 0; i < 3; i++) Tensors.Values(actual[i]).Should().Equal(Tensors.Values(expected[i]));
        // Sample 0 starts masked: its first output is the given initial h.
        Tensors.Values(expected[0][0, 0]).Should().Equal(Tensors.Values(h[0]));
    }

    [Fact]
    public void Configs_have_keras_2_2_4_keys_and_defaults()
    {
        KerasBackend.ClearSession();
        var lstm = KerasConfig.LayerConfig(new LSTM(8), null);
        lstm.Properties().Select(p => p.Name).Should().BeEquivalentTo(
            "name", "trainable", "units", "activation", "recurrent_activation", "use_bias", "kernel_initializer", "recurrent_initializer",
            "bias_initializer", "unit_forget_bias", "kernel_regularizer", "recurrent_regularizer", "bias_regularizer", "activity_regularizer",
            "kernel_constraint", "recurrent_constraint", "bias_constraint", "dropout", "recurrent_dropout", "implementation",
            "return_sequences", "return_state", "go_backwards", "stateful", "unroll");
        ((string)lstm["recurrent_activation"]!).Should().Be("hard_sigmoid");
        ((string)lstm["recurrent_initializer"]!["class_name"]!).Should().Be("Orthogonal");
        var gru = KerasConfig.LayerConfig(new GRU(8), null);
        ((bool)gru["reset_after"]!).Should().BeFalse("standalone Keras 2.2.4's default");
        ((string)KerasConfig.LayerConfig(new SimpleRNN(8, activation: null), null)["activation"]!).Should().Be("linear", "activation=None is linear, as in Keras");
        KerasConfig.LayerConfig(new SimpleRNN(8), null).ContainsKey("recurrent_activation").Should().BeFalse();

        var lstmBias = new LSTM(2);
        lstmBias.EnsureBuilt(new Shape(null, 3, 5));
        lstmBias.Weights.Select(w => w.FullName).Should().Equal("lstm_2/kernel:0", "lstm_2/recurrent_kernel:0", "lstm_2/bias:0");
        lstmBias.Weights.Select(w => w.Shape).Should().BeEquivalentTo(new[] { new long[] { 5, 8 }, new long[] { 2, 8 }, new long[] { 8 } }, o => o.WithStrictOrdering());
        Tensors.Values(lstmBias.Bias!.Value).Should().Equal(0, 0, 1, 1, 0, 0, 0, 0);
        var resetAfter = new GRU(2, reset_after: true);
        resetAfter.EnsureBuilt(new Shape(null, 3, 5));
        resetAfter.Bias!.Shape.Should().Equal(2, 6);
    }

    [Fact]
    public void Bad_states_and_stateful_use_fail_with_keras_messages()
    {
        KerasBackend.ClearSession();
        var x = Input(shape: new Shape(4, 2));
        var lstm = new LSTM(3);
        var oneState = () => lstm.Apply(x, initial_state: [Input(shape: new Shape(3))]);
        oneState.Should().Throw<KerasException>().WithMessage("*has 2 states but was passed 1 initial states*");
        var wrongSize = () => new GRU(3).Apply(x, initial_state: [Input(shape: new Shape(5))]);
        wrongSize.Should().Throw<KerasException>().WithMessage("*not compatible with `cell.state_size`*3*");
        var built = new SimpleRNN(3);
        built.Apply(ones(2, 4, 2));
        var eagerWrong = () => built.ApplyAll(ones(2, 4, 2), [ones(2, 4)]);
        eagerWrong.Should().Throw<KerasException>().WithMessage("*initial state 0 should have shape (2, 3)*(2, 4)*");

        var unknownBatch = () => new LSTM(3, stateful: true).Apply(x);
        unknownBatch.Should().Throw<KerasException>().WithMessage("*needs to know its batch size*batch_input_shape*");
        var notStateful = () => new LSTM(3).ResetStates();
        notStateful.Should().Throw<KerasException>().WithMessage("*must be stateful*");
        var stateful = new SimpleRNN(2, stateful: true);
        stateful.Apply(Input(batch_shape: new Shape(4, 3, 2)));
        var otherBatch = () => stateful.Apply(ones(2, 3, 2));
        otherBatch.Should().Throw<KerasException>().WithMessage("*batch size of 4*batch of 2*");
        var badDropout = () => new LSTM(3, dropout: 1.0);
        badDropout.Should().Throw<ArgumentException>().WithMessage("*dropout*");
    }

    /// <summary>Counts live tensors after each epoch.</summary>
    private sealed class LiveTensorProbe : Callback
    {
        public List<long> AfterEpoch { get; } = new();
        public override void OnEpochEnd(int epoch, Logs logs) => AfterEpoch.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void Fitting_a_masked_lstm_leaks_no_tensors()
    {
        KerasBackend.ClearSession();
        KerasBackend.SetSeed(2);
        var model = new Sequential([
            new Embedding(20, 4, mask_zero: true, input_length: 6),
            new LSTM(5, dropout: 0.2, recurrent_dropout: 0.2, return_sequences: true),
            new LSTM(3),
            new Dense(1, activation: "sigmoid"),
        ]);
        model.Compile(new Adam(), "binary_crossentropy", ["accuracy"]);
        var x = randint(0, 20, new long[] { 40, 6 }).to_type(ScalarType.Float32);
        var y = randint(0, 2, new long[] { 40, 1 }).to_type(ScalarType.Float32);
        var probe = new LiveTensorProbe();

        var history = model.Fit(x, y, batch_size: 8, epochs: 4, verbose: 0, callbacks: [probe]);

        history.Values["loss"].Should().HaveCount(4).And.OnlyContain(v => double.IsFinite(v));
        probe.AfterEpoch.Skip(1).Should().AllBeEquivalentTo(probe.AfterEpoch[1], "the live tensor count stays flat after the first epoch");
    }

    [Fact]
    public void Fitting_fused_recurrent_layers_leaks_no_tensors()
    {
        // Sigmoid gates, no masks or recurrent dropout: every layer trains with libtorch's fused kernels and hands
        // their gradients to the Keras weights each step (a GRU's two-row bias, a Bidirectional pair, input dropout).
        KerasBackend.ClearSession();
        KerasBackend.SetSeed(3);
        var model = new Sequential([
            new Embedding(20, 4, input_length: 6),
            new Bidirectional(new LSTM(5, recurrent_activation: "sigmoid", dropout: 0.2, implementation: 2, return_sequences: true)),
            new GRU(3, recurrent_activation: "sigmoid", reset_after: true),
            new Dense(1, activation: "sigmoid"),
        ]);
        model.Compile(new Adam(), "binary_crossentropy", ["accuracy"]);
        var x = randint(0, 20, new long[] { 40, 6 }).to_type(ScalarType.Float32);
        var y = randint(0, 2, new long[] { 40, 1 }).to_type(ScalarType.Float32);
        var before = model.GetWeights();
        var probe = new LiveTensorProbe();

        var history = model.Fit(x, y, batch_size: 8, epochs: 4, verbose: 0, callbacks: [probe]);

        history.Values["loss"].Should().HaveCount(4).And.OnlyContain(v => double.IsFinite(v));
        var after = model.GetWeights();
        for (int i = 0; i < after.Length; i++)
            (after[i] - before[i]).abs().max().item<float>().Should().BeGreaterThan(0, $"weight {i} was trained");
        probe.AfterEpoch.Skip(1).Should().AllBeEquivalentTo(probe.AfterEpoch[1], "the live tensor count stays flat after the first epoch");
    }
}
