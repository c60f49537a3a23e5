using System;
using System.Collections.Generic;
using System.Linq;
using FluentAssertions;
using KerasSharp.Backend;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Optimizers;
using KerasSharp.Saving;
using KerasSharp.Tests.Harness;
using KerasSharp.Training;
using Newtonsoft.Json.Linq;
using Xunit;
using static KerasSharp.Layers.LayerFunctions;
using static KerasSharp.Saving.SavingApi;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Layers.Recurrent;

/// <summary>
/// ConvLSTM2D against Goldens/recurrent/convlstm.json and k224_convlstm.h5 (make_convlstm_goldens.py: numpy
/// implementations of Keras 2.2.4's ConvLSTM2DCell, ConvRNN2D and K.rnn, float64): forward in every mode, one SGD step
/// with finite-difference gradients, two batches through a stateful layer, and a Keras 2.2.4 model file.
/// </summary>
public sealed class ConvLSTM2DTests
{
    private const string File = "recurrent/convlstm.json";

    private static JArray All => (JArray)Golden.Load(File)["cases"]!;
    private static JObject Case(string name) => (JObject)All.Single(c => (string)c["name"]! == name);

    public static IEnumerable<object[]> Plain => All.Where(c => !((JObject)c).ContainsKey("input2")).Select(c => new object[] { (string)c["name"]! });
    public static IEnumerable<object[]> Trained => All.Where(c => c["train"] is not null).Select(c => new object[] { (string)c["name"]! });

    /// <summary>The layer from its Keras config, as a model file would build it.</summary>
    private static ConvLSTM2D Create(JObject c) =>
        (ConvLSTM2D)KerasConfig.Create(ObjectRegistry.Layer((string)c["layer"]!)!, (JObject)c["config"]!.DeepClone(), (string)c["name"]!);

    private static Tensor[] Weights(JToken c) => ((JArray)c["weights"]!).Select(Golden.Tensor).ToArray();

    private static Shape WithoutBatch(Tensor t) => new(t.shape.Skip(1).Select(d => (int?)d).ToArray());

    [Theory]
    [MemberData(nameof(Plain))]
    public void Eager_call_matches_reference(string name)
    {
        KerasBackend.ClearSession();
        var c = Case(name);
        var layer = Create(c);
        var x = Golden.Tensor(c["input"]!);
        layer.EnsureBuilt(WithoutBatch(x).WithBatch());
        layer.SetWeights(Weights(c));
        var initial = (c["initial_state"] as JArray)?.Select(Golden.Tensor).ToArray() ?? [];
        var mask = c["mask"] is { } m ? Golden.Tensor(m).to_type(ScalarType.Bool) : null;

        var outputs = layer.CallMasked([x, .. initial], [mask, .. initial.Select(_ => (Tensor?)null)], training: false).Outputs;

        var expected = (JArray)c["outputs"]!;
        outputs.Should().HaveCount(expected.Count);
        for (int i = 0; i < expected.Count; i++) Golden.ShouldMatch(outputs[i], expected[i], because: $"{name} output {i}");
        layer.OutputShapes!.Select(s => s.WithoutBatch().Dims).Should().BeEquivalentTo(outputs.Select(o => o.shape.Skip(1).Select(d => (int?)d)), o => o.WithStrictOrdering());
    }

    [Theory]
    [MemberData(nameof(Trained))]
    public void Graph_prediction_and_one_SGD_step_match_reference(string name)
    {
        KerasBackend.ClearSession();
        var c = Case(name);
        var layer = Create(c);
        var x = Golden.Tensor(c["input"]!);
        var input = Input(shape: WithoutBatch(x));
        var model = new Model(input, layer.Apply(input));
        layer.SetWeights(Weights(c));
        Golden.ShouldMatch(model.Predict(x), c["outputs"]![0]!, because: $"{name} prediction");

        var train = (JObject)c["train"]!;
        model.Compile(new SGD(learning_rate: (double)train["lr"]!), loss: "mse");
        var loss = model.TrainOnBatch(x, Golden.Tensor(train["target"]!));
        loss[0].Should().BeApproximately((double)train["loss"]!, 1e-5, "the loss before the step");
        var after = (JArray)train["weights_after"]!;
        var now = layer.GetWeights();
        for (int i = 0; i < after.Count; i++) Golden.ShouldMatch(now[i], after[i], 2e-5, $"{name} weight {i} after one SGD step");
    }

    [Fact]
    public void Initial_state_inputs_are_recorded_in_the_graph()
    {
        KerasBackend.ClearSession();
        var c = Case("channels_first_state");
        var layer = Create(c);
        var x = Golden.Tensor(c["input"]!);
        var initial = ((JArray)c["initial_state"]!).Select(Golden.Tensor).ToArray();
        var input = Input(shape: WithoutBatch(x));
        var states = initial.Select(s => Input(shape: WithoutBatch(s))).ToArray();
        var model = new Model([input, .. states], layer.Apply(input, initial_state: states));
        layer.SetWeights(Weights(c));

        var predicted = model.PredictOutputs(new[] { x }.Concat(initial).ToArray());

        var expected = (JArray)c["outputs"]!;
        predicted.Should().HaveCount(3);
        for (int i = 0; i < 3; i++) Golden.ShouldMatch(predicted[i], expected[i], because: $"output {i}");
    }

    [Fact]
    public void Stateful_layer_carries_its_states_to_the_next_batch()
    {
        KerasBackend.ClearSession();
        var c = Case("stateful");
        var x1 = Golden.Tensor(c["input"]!);
        var x2 = Golden.Tensor(c["input2"]!);
        var layer = Create(c);
        var input = Input(batch_shape: new Shape(x1.shape.Select(d => (int?)d).ToArray()));
        var model = new Model(input, layer.Apply(input));
        layer.SetWeights(Weights(c));

        Golden.ShouldMatch(model.Predict(x1), c["outputs"]![0]!, because: "the first batch starts from zeros");
        Golden.ShouldMatch(model.Predict(x2), c["outputs2"]![0]!, because: "the second batch starts from the first's last states");
        layer.States!.Select(s => s.shape).Should().AllBeEquivalentTo(new long[] { 2, 4, 4, 3 }, "h and c are (batch, rows, cols, filters) with 'same' padding");
        layer.ResetStates();
        Golden.ShouldMatch(model.Predict(x1), c["outputs"]![0]!, because: "ResetStates starts from zeros again");
    }

    [Fact]
    public void Keras_224_file_loads_and_predicts_as_the_reference()
    {
        KerasBackend.ClearSession();
        var c = (JObject)Golden.Load(File)["file"]!;
        var model = (Sequential)LoadModel(Golden.PathOf((string)c["file"]!));

        Golden.ShouldMatch(model.Predict(Golden.Tensor(c["x"]!)), c["predictions"]!, because: "two stacked ConvLSTM2D layers");
        var expected = (JArray)c["weights"]!;
        var weights = model.GetWeights();
        weights.Should().HaveCount(expected.Count);
        for (int i = 0; i < expected.Count; i++) Golden.ShouldMatch(weights[i], expected[i], because: $"weight {i} in Keras's layout");
        var first = model.Layers[0].Should().BeOfType<ConvLSTM2D>().Subject;
        first.Name.Should().Be("conv_lst_m2d_1");
        first.Kernel.Shape.Should().Equal(3, 3, 1, 16);
        first.RecurrentKernel.Shape.Should().Equal(3, 3, 4, 16);
        // (None, None, 6, 6, 1) → 'same' 3×3: (None, None, 6, 6, 4) → 2×2 stride 2 'valid': (6 − 2 + 2) // 2 = 3.
        model.Layers[1].OutputShapes![0].Dims.Should().Equal(null, 3, 3, 2);
    }

    [Fact]
    public void Default_name_weights_and_parameter_count_are_Keras()
    {
        KerasBackend.ClearSession();
        var layer = new ConvLSTM2D(8, (3, 3), padding: "same");
        var input = Input(shape: new Shape(null, 10, 12, 2));
        var output = layer.Apply(input);

        layer.Name.Should().Be("conv_lst_m2d_1");
        layer.Weights.Select(w => w.FullName).Should().Equal("conv_lst_m2d_1/kernel:0", "conv_lst_m2d_1/recurrent_kernel:0", "conv_lst_m2d_1/bias:0");
        // 4 gates × (3·3·2·8 input + 3·3·8·8 recurrent + 8 bias) = 4 × (144 + 576 + 8) = 2,912.
        layer.CountParams().Should().Be(2912);
        output.Shape.Dims.Should().Equal(null, 10, 12, 8);
        // unit_forget_bias: zeros for i, ones for f, zeros for c and o.
        Tensors.Values(layer.Bias!.Value).Should().Equal(Enumerable.Repeat(0f, 8).Concat(Enumerable.Repeat(1f, 8)).Concat(Enumerable.Repeat(0f, 16)));
    }

    [Theory]
    // (batch, time, 9, 7, 3), kernel 3×2: valid (7, 6); same (9, 7); strides 2 valid: (9 − 3 + 2) // 2 = 4, (7 − 2 + 2) // 2 = 3;
    // dilation 2 valid: effective kernel 5×3, (5, 5).
    [InlineData("valid", 1, 1, false, new[] { 7, 6 })]
    [InlineData("same", 1, 1, false, new[] { 9, 7 })]
    [InlineData("valid", 2, 1, false, new[] { 4, 3 })]
    [InlineData("valid", 1, 2, false, new[] { 5, 5 })]
    [InlineData("same", 2, 1, true, new[] { 5, 4 })]
    public void Output_shape_follows_compute_output_shape(string padding, int stride, int dilation, bool channelsFirst, int[] size)
    {
        KerasBackend.ClearSession();
        var layer = new ConvLSTM2D(5, (3, 2), strides: stride, padding: padding, dilation_rate: dilation,
                                   data_format: channelsFirst ? "channels_first" : "channels_last", return_sequences: true, return_state: true);
        var input = Input(shape: channelsFirst ? new Shape(4, 3, 9, 7) : new Shape(4, 9, 7, 3));
        var outputs = layer.Apply(input).Unpack();

        int?[] state = channelsFirst ? [null, 5, size[0], size[1]] : [null, size[0], size[1], 5];
        outputs[0].Shape.Dims.Should().Equal(new int?[] { state[0], 4 }.Concat(state.Skip(1)));
        outputs[1].Shape.Dims.Should().Equal(state);
        outputs[2].Shape.Dims.Should().Equal(state);
        var x = randn(new long[] { 2, 4, channelsFirst ? 3 : 9, channelsFirst ? 9 : 7, channelsFirst ? 7 : 3 });
        layer.ApplyAll([x]).Select(t => t.shape.Skip(1).Select(d => (int?)d)).Should().BeEquivalentTo(outputs.Select(o => o.Shape.Dims.Skip(1)), o => o.WithStrictOrdering());
    }

    [Fact]
    public void Dropout_acts_in_training_only_with_masks_kept_over_the_steps()
    {
        KerasBackend.ClearSession();
        // A 1×1 kernel, identity on the input gate paths and no recurrence: with x = 1 everywhere, every step sees
        // the same dropped input elements, so all steps' outputs are equal; at inference there is no dropout.
        var layer = new ConvLSTM2D(2, 1, dropout: 0.5, return_sequences: true, use_bias: false, recurrent_activation: "sigmoid");
        layer.EnsureBuilt(new Shape(null, 3, 4, 4, 2));
        var kernel = cat(Enumerable.Repeat(eye(2), 4).ToArray(), 1).reshape(1, 1, 2, 8);
        layer.SetWeights([kernel, zeros(1, 1, 2, 8)]);
        var x = ones(new long[] { 8, 3, 4, 4, 2 });

        var trained = layer.Apply(x, training: true);
        var inferred = layer.Apply(x);

        var steps = Enumerable.Range(0, 3).Select(t => Tensors.Values(trained.select(1, t))).ToArray();
        steps[1].Should().NotEqual(steps[0], "the cell state grows over the steps");
        var dropped = Tensors.Values(trained.select(1, 0)).Count(v => v == 0f);
        dropped.Should().BeGreaterThan(0, "the c gate's dropped inputs give h = 0 at step 1");
        Tensors.Values(trained.select(1, 2)).Count(v => v == 0f).Should().Be(dropped, "the same input elements are dropped at every step");
        Tensors.Values(inferred).Should().NotContain(0f, "no dropout at inference");
    }

    [Fact]
    public void Config_round_trips_with_Keras_keys()
    {
        KerasBackend.ClearSession();
        var layer = new ConvLSTM2D(4, (3, 2), strides: (2, 1), padding: "same", data_format: "channels_first",
                                   recurrent_activation: "sigmoid", dropout: 0.25, go_backwards: true, name: "cl");
        var config = KerasConfig.LayerConfig(layer, null);

        ((int)config["filters"]!).Should().Be(4);
        config["kernel_size"]!.ToObject<int[]>().Should().Equal(3, 2);
        config["strides"]!.ToObject<int[]>().Should().Equal(2, 1);
        ((string)config["data_format"]!).Should().Be("channels_first");
        ((string)config["recurrent_activation"]!).Should().Be("sigmoid");
        ((bool)config["unroll"]!).Should().BeFalse();
        config.ContainsKey("units").Should().BeFalse("ConvLSTM2D's config has filters, not units");
        var copy = (ConvLSTM2D)KerasConfig.Create(typeof(ConvLSTM2D), config, "cl");
        KerasConfig.LayerConfig(copy, null).ToString().Should().Be(config.ToString());
    }

    [Fact]
    public void Bad_arguments_and_inputs_are_refused_with_Keras_messages()
    {
        KerasBackend.ClearSession();
        var unroll = () => new ConvLSTM2D(2, 3, unroll: true);
        unroll.Should().Throw<ArgumentException>().WithMessage("Unrolling isn't possible*").Which.ParamName.Should().Be("unroll");
        var stridedDilation = () => new ConvLSTM2D(2, 3, strides: 2, dilation_rate: 2);
        stridedDilation.Should().Throw<ArgumentException>().WithMessage("*strides=(2, 2) and dilation_rate=(2, 2)*");
        var padding = () => new ConvLSTM2D(2, 3, padding: "causal");
        padding.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("padding");

        var tooSmall = () => new ConvLSTM2D(2, 5).Apply(Input(shape: new Shape(3, 4, 4, 1)));
        tooSmall.Should().Throw<KerasException>().WithMessage("*kernel_size=(5, 5)*does not fit*");
        var rank = () => new ConvLSTM2D(2, 3).Apply(Input(shape: new Shape(3, 4)));
        rank.Should().Throw<KerasException>().WithMessage("*expected ndim=5, found ndim=3*");

        var layer = new ConvLSTM2D(2, 3, padding: "same");
        var pixelMask = () => layer.CallMasked([ones(new long[] { 2, 3, 4, 4, 1 })], [ones(2, 3, 4, 4, dtype: ScalarType.Bool)], training: false);
        pixelMask.Should().Throw<KerasException>().WithMessage("*mask of shape (batch, timesteps) = (2, 3)*(2, 3, 4, 4)*");
        var wrongState = () => layer.Apply(ones(new long[] { 2, 3, 4, 4, 1 }), initial_state: [zeros(2, 4, 4, 2), zeros(2, 3, 3, 2)]);
        wrongState.Should().Throw<KerasException>().WithMessage("*initial state 1 should have shape (2, 4, 4, 2)*(2, 3, 3, 2)*");

        var stateful = new ConvLSTM2D(2, 3, stateful: true);
        var unknownSize = () => stateful.Apply(Input(batch_shape: new Shape(2, 3, null, null, 1)));
        unknownSize.Should().Throw<KerasException>().WithMessage("*needs to know its batch size*rows and columns*");
    }
}
