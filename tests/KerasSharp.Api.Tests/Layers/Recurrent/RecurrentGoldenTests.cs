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
using static TorchSharp.torch;

namespace KerasSharp.Tests.Layers.Recurrent;

/// <summary>
/// SimpleRNN, LSTM and GRU (both reset_after forms) against Goldens/recurrent/recurrent.json: numpy implementations of
/// Keras 2.2.4's cells and K.rnn, forward in every mode and one SGD step (finite-difference gradients).
/// </summary>
public sealed class RecurrentGoldenTests
{
    private const string File = "recurrent/recurrent.json";

    public static IEnumerable<object[]> Cases(string kind) =>
        ((JArray)Golden.Load(File)).Where(c => Kind((JObject)c) == kind).Select(c => new object[] { (string)c["name"]! });

    public static IEnumerable<object[]> Plain => Cases("plain");
    public static IEnumerable<object[]> Masked => Cases("masked");
    public static IEnumerable<object[]> Stateful => Cases("stateful");

    private static string Kind(JObject c) => c.ContainsKey("indices") ? "masked" : c.ContainsKey("input2") ? "stateful" : "plain";

    /// <summary>The layer from its Keras config, as a model file would build it.</summary>
    private static RNN Create(JObject c) =>
        (RNN)KerasConfig.Create(ObjectRegistry.Layer((string)c["layer"]!)!, (JObject)c["config"]!.DeepClone(), (string)c["name"]!);

    private static Tensor[] Weights(JToken c) => ((JArray)c["weights"]!).Select(Golden.Tensor).ToArray();

    [Theory]
    [MemberData(nameof(Plain))]
    public void Eager_call_matches_reference(string name)
    {
        KerasBackend.ClearSession();
        var c = Golden.Case(File, name);
        var layer = Create(c);
        var x = Golden.Tensor(c["input"]!);
        layer.EnsureBuilt(new Shape(null, (int)x.shape[1], (int)x.shape[2]));
        layer.SetWeights(Weights(c));
        var initial = (c["initial_state"] as JArray)?.Select(Golden.Tensor).ToArray();

        var outputs = initial is null ? layer.ApplyAll([x]) : layer.ApplyAll(x, initial);

        var expected = (JArray)c["outputs"]!;
        outputs.Should().HaveCount(expected.Count);
        for (int i = 0; i < expected.Count; i++) Golden.ShouldMatch(outputs[i], expected[i], because: $"{name} output {i}");
        layer.OutputShapes!.Select(s => s.WithoutBatch().Dims).Should().BeEquivalentTo(outputs.Select(o => o.shape.Skip(1).Select(d => (int?)d)), o => o.WithStrictOrdering());
    }

    [Theory]
    [MemberData(nameof(Plain))]
    public void Graph_prediction_and_one_SGD_step_match_reference(string name)
    {
        KerasBackend.ClearSession();
        var c = Golden.Case(File, name);
        var layer = Create(c);
        var x = Golden.Tensor(c["input"]!);
        var initial = (c["initial_state"] as JArray)?.Select(Golden.Tensor).ToArray() ?? [];
        var input = Input(shape: new Shape((int)x.shape[1], (int)x.shape[2]));
        var stateInputs = initial.Select(s => Input(shape: new Shape((int)s.shape[1]))).ToArray();
        var output = stateInputs.Length == 0 ? layer.Apply(input) : layer.Apply(input, initial_state: stateInputs);
        var model = new Model([input, .. stateInputs], output);
        layer.SetWeights(Weights(c));
        ArrayData data = initial.Length == 0 ? x : new[] { x }.Concat(initial).ToArray();

        var predicted = model.PredictOutputs(data);
        var expected = (JArray)c["outputs"]!;
        for (int i = 0; i < expected.Count; i++) Golden.ShouldMatch(predicted[i], expected[i], because: $"{name} output {i}");

        if (c["train"] is not JObject train) return;
        var training = new Model([input, .. stateInputs], output.Unpack()[0]);
        training.Compile(new SGD(learning_rate: (double)train["lr"]!), loss: "mse");
        var loss = training.TrainOnBatch(data, Golden.Tensor(train["target"]!));
        loss[0].Should().BeApproximately((double)train["loss"]!, 1e-5, "the loss before the step");
        var after = (JArray)train["weights_after"]!;
        var now = layer.GetWeights();
        for (int i = 0; i < after.Count; i++) Golden.ShouldMatch(now[i], after[i], 2e-5, $"{name} weight {i} after one SGD step");
    }

    [Theory]
    [MemberData(nameof(Masked))]
    public void Embedding_mask_zero_masks_the_steps_as_the_reference(string name)
    {
        KerasBackend.ClearSession();
        var c = Golden.Case(File, name);
        var indices = Golden.Tensor(c["indices"]!);
        var embeddingCase = c["embedding"]!;
        var embedding = new Embedding((int)embeddingCase["input_dim"]!, (int)embeddingCase["output_dim"]!, mask_zero: true);
        var layer = Create(c);
        var input = Input(shape: new Shape((int)indices.shape[1]));
        var output = layer.Apply(embedding.Apply(input));
        var model = new Model(input, output);
        embedding.SetWeights([Golden.Tensor(embeddingCase["weights"]!)]);
        layer.SetWeights(Weights(c));

        var predicted = model.PredictOutputs(indices);
        var expected = (JArray)c["outputs"]!;
        predicted.Should().HaveCount(expected.Count);
        for (int i = 0; i < expected.Count; i++) Golden.ShouldMatch(predicted[i], expected[i], because: $"{name} output {i}");

        // The same chain called eagerly: the embedding's output carries its mask to the recurrent layer.
        var eager = layer.ApplyAll([embedding.Apply(indices)]);
        for (int i = 0; i < expected.Count; i++) Golden.ShouldMatch(eager[i], expected[i], because: $"{name} eager output {i}");

        if (c["train"] is not JObject train) return;
        var dense = new Dense((int)c["dense"]!["units"]!);
        var training = new Model(input, dense.Apply(output.Unpack()[0]));
        dense.SetWeights(((JArray)c["dense"]!["weights"]!).Select(Golden.Tensor).ToArray());
        training.Compile(new SGD(learning_rate: (double)train["lr"]!), loss: "mse");
        var loss = training.TrainOnBatch(indices, Golden.Tensor(train["target"]!));
        loss[0].Should().BeApproximately((double)train["loss"]!, 1e-5, "the loss averages over the unmasked steps only");
        var after = (JArray)train["weights_after"]!;
        var now = training.GetWeights();
        now.Should().HaveCount(after.Count);
        for (int i = 0; i < after.Count; i++) Golden.ShouldMatch(now[i], after[i], 2e-5, $"{name} weight {i} after one SGD step");
    }

    [Theory]
    [MemberData(nameof(Stateful))]
    public void Stateful_layer_carries_its_states_to_the_next_batch(string name)
    {
        KerasBackend.ClearSession();
        var c = Golden.Case(File, name);
        var x1 = Golden.Tensor(c["input"]!);
        var x2 = Golden.Tensor(c["input2"]!);
        var layer = Create(c);
        var input = Input(batch_shape: new Shape((int)x1.shape[0], (int)x1.shape[1], (int)x1.shape[2]));
        var model = new Model(input, layer.Apply(input));
        layer.SetWeights(Weights(c));

        Golden.ShouldMatch(model.Predict(x1), c["outputs"]![0]!, because: "the first batch starts from zeros");
        Golden.ShouldMatch(model.Predict(x2), c["outputs2"]![0]!, because: "the second batch starts from the first's last states");
        layer.ResetStates();
        Golden.ShouldMatch(model.Predict(x1), c["outputs"]![0]!, because: "ResetStates starts from zeros again");
    }
}
