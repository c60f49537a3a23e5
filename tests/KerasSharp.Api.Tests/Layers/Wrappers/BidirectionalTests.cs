using System;
using System.Collections.Generic;
using System.IO;
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

namespace KerasSharp.Tests.Layers.Wrappers;

/// <summary>Bidirectional against Goldens/wrappers/bidirectional.json (Keras 2.2.4's Bidirectional.call in numpy).</summary>
public sealed class BidirectionalTests
{
    private const string File = "wrappers/bidirectional.json";

    public static IEnumerable<object[]> Cases => ((JArray)Golden.Load(File)).Select(c => new object[] { (string)c["name"]! });

    private static Bidirectional Create(JObject c)
    {
        var rnn = (RNN)KerasConfig.Create(ObjectRegistry.Layer((string)c["layer"]!)!, (JObject)c["config"]!.DeepClone(), (string)c["name"]!);
        return new Bidirectional(rnn, merge_mode: (string?)c["merge_mode"]);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Graph_matches_the_reference_and_trains_one_SGD_step(string name)
    {
        KerasBackend.ClearSession();
        var c = Golden.Case(File, name);
        var layer = Create(c);
        KerasTensor input;
        KerasTensor sequence;
        Tensor x;
        Embedding? embedding = null;
        if (c["indices"] is { } indices)
        {
            x = Golden.Tensor(indices);
            embedding = new Embedding((int)c["embedding"]!["input_dim"]!, (int)c["embedding"]!["output_dim"]!, mask_zero: true);
            input = Input(shape: new Shape((int)x.shape[1]));
            sequence = embedding.Apply(input);
        }
        else
        {
            x = Golden.Tensor(c["input"]!);
            input = Input(shape: new Shape((int)x.shape[1], (int)x.shape[2]));
            sequence = input;
        }
        var initial = (c["initial_state"] as JArray)?.Select(Golden.Tensor).ToArray() ?? [];
        var stateInputs = initial.Select(s => Input(shape: new Shape((int)s.shape[1]))).ToArray();
        var output = stateInputs.Length == 0 ? layer.Apply(sequence) : layer.Apply(sequence, initial_state: stateInputs);
        var model = new Model([input, .. stateInputs], output);
        embedding?.SetWeights([Golden.Tensor(c["embedding"]!["weights"]!)]);
        layer.SetWeights(((JArray)c["weights"]!).Select(Golden.Tensor).ToArray());
        ArrayData data = initial.Length == 0 ? x : new[] { x }.Concat(initial).ToArray();

        var expected = (JArray)c["outputs"]!;
        var predicted = model.PredictOutputs(data);
        predicted.Should().HaveCount(expected.Count);
        for (int i = 0; i < expected.Count; i++) Golden.ShouldMatch(predicted[i], expected[i], because: $"{name} output {i}");
        model.Outputs.Select(o => o.Shape.WithoutBatch().Dims).Should().BeEquivalentTo(predicted.Select(p => p.shape.Skip(1).Select(d => (int?)d)), o => o.WithStrictOrdering());

        if (c["train"] is not JObject train) return;
        var training = new Model([input, .. stateInputs], output.Unpack()[0]);
        training.Compile(new SGD(learning_rate: (double)train["lr"]!), loss: "mse");
        var loss = training.TrainOnBatch(data, Golden.Tensor(train["target"]!));
        loss[0].Should().BeApproximately((double)train["loss"]!, 1e-5, "the loss before the step");
        var after = (JArray)train["weights_after"]!;
        var now = layer.GetWeights();
        for (int i = 0; i < after.Count; i++) Golden.ShouldMatch(now[i], after[i], 2e-5, $"{name} weight {i} after one SGD step");
    }

    [Fact]
    public void Forward_and_backward_copies_are_named_as_Keras_and_files_round_trip()
    {
        KerasBackend.ClearSession();
        var model = new Sequential();
        model.Add(new Embedding(10, 4, input_length: 5));
        model.Add(new Bidirectional(new LSTM(3, return_sequences: true), merge_mode: "sum"));
        model.Add(new Bidirectional(new GRU(2)));
        model.Add(new Dense(1));
        var first = (Bidirectional)model.Layers[1];
        first.ForwardLayer.Name.Should().Be("forward_lstm_1");
        first.BackwardLayer.Name.Should().Be("backward_lstm_1");
        first.BackwardLayer.GoBackwards.Should().BeTrue();
        model.Weights.Select(w => w.FullName).Take(7).Should().Equal(
            "embedding_1/embeddings:0",
            "bidirectional_1/forward_lstm_1/kernel:0", "bidirectional_1/forward_lstm_1/recurrent_kernel:0", "bidirectional_1/forward_lstm_1/bias:0",
            "bidirectional_1/backward_lstm_1/kernel:0", "bidirectional_1/backward_lstm_1/recurrent_kernel:0", "bidirectional_1/backward_lstm_1/bias:0");
        // Embedding 10·4; each LSTM(3) on 4 features 4·(4·3 + 3·3 + 3) = 96, twice; each GRU(2) on 3 features 3·(3·2 + 2·2 + 2) = 36, twice; Dense 4 + 1.
        model.CountParams().Should().Be(40 + 192 + 72 + 5);
        model.Layers[2].OutputShape.Should().Be(new Shape(null, 4), "concat doubles the units");

        var json = JObject.Parse(model.ToJson());
        var entry = json["config"]!["layers"]![1]!;
        ((string?)entry["class_name"]).Should().Be("Bidirectional");
        ((string?)entry["config"]!["merge_mode"]).Should().Be("sum");
        ((string?)entry["config"]!["layer"]!["config"]!["name"]).Should().Be("lstm_1", "Keras writes the wrapped layer, not its copies");

        using var x = tensor(new long[] { 1, 2, 0, 4, 5, 9, 8, 7, 6, 5 }, 2, 5);
        var expected = Tensors.Values(model.Predict(x));
        var dir = Directory.CreateTempSubdirectory("kerassharp-bidi");
        try
        {
            var path = Path.Combine(dir.FullName, "m.h5");
            model.Save(path);
            using var loaded = SavingApi.LoadModel(path);
            ((Bidirectional)loaded.Layers[1]).ForwardLayer.Name.Should().Be("forward_lstm_1");
            Tensors.Values(loaded.Predict(x)).Should().Equal(expected);
            var keras = Path.Combine(dir.FullName, "m.keras");
            model.Save(keras);
            using var loaded3 = SavingApi.LoadModel(keras);
            Tensors.Values(loaded3.Predict(x)).Should().Equal(expected);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Bad_arguments_are_named()
    {
        FluentActions.Invoking(() => new Bidirectional(new LSTM(2), merge_mode: "max")).Should().Throw<ArgumentException>()
            .WithMessage("Invalid merge mode*Received: merge_mode='max'*").Which.ParamName.Should().Be("merge_mode");
        FluentActions.Invoking(() => new Bidirectional(new Dense(2))).Should().Throw<ArgumentException>()
            .WithMessage("*recurrent layer*").Which.ParamName.Should().Be("layer");
        var layer = new Bidirectional(new LSTM(2), name: "bi");
        var x = Input(shape: new Shape(4, 3));
        FluentActions.Invoking(() => layer.Apply(x, initial_state: [Input(shape: 2)])).Should().Throw<KerasException>()
            .WithMessage("When passing `initial_state` to a Bidirectional RNN*Found: 1 states (layer bi).");
    }
}
