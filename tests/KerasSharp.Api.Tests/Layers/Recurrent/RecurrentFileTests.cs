using System.Linq;
using FluentAssertions;
using KerasSharp.Backend;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Tests.Harness;
using Newtonsoft.Json.Linq;
using Xunit;
using static KerasSharp.Saving.SavingApi;

namespace KerasSharp.Tests.Layers.Recurrent;

/// <summary>
/// Keras 2.2.4 HDF5 files written by Goldens/recurrent/make_recurrent_files.py (h5py, Keras's layout): Embedding, LSTM,
/// GRU both ways, and CuDNNLSTM/CuDNNGRU weights in cuDNN's layout, predicted as the numpy reference does.
/// </summary>
public sealed class RecurrentFileTests
{
    private static JObject Case(string name) => (JObject)Golden.Load("recurrent/recurrent_files.json")[name]!;

    [Theory]
    [InlineData("k224_recurrent")]
    [InlineData("k224_cudnn")]
    public void Keras_file_loads_and_predicts_as_the_reference(string name)
    {
        KerasBackend.ClearSession();
        var c = Case(name);
        var model = LoadModel(Golden.PathOf((string)c["file"]!));

        Golden.ShouldMatch(model.Predict(Golden.Tensor(c["x"]!)), c["predictions"]!, because: name);
        var expected = (JArray)c["weights"]!;
        var weights = model.GetWeights();
        weights.Should().HaveCount(expected.Count);
        for (int i = 0; i < expected.Count; i++) Golden.ShouldMatch(weights[i], expected[i], because: $"{name} weight {i} in Keras's LSTM/GRU layout");
    }

    [Fact]
    public void CuDNN_classes_are_their_lstm_and_gru_equivalents()
    {
        KerasBackend.ClearSession();
        var model = (Sequential)LoadModel(Golden.PathOf("recurrent/k224_cudnn.h5"));
        var lstm = model.Layers[0].Should().BeOfType<CuDNNLSTM>().Subject;
        lstm.Name.Should().Be("cu_dnnlstm_1");
        lstm.RecurrentActivation.Name.Should().Be("sigmoid");
        lstm.ReturnSequences.Should().BeTrue();
        var gru = model.Layers[1].Should().BeOfType<CuDNNGRU>().Subject;
        gru.ResetAfter.Should().BeTrue();
        gru.Bias!.Shape.Should().Equal(2, 6);
        var config = JObject.Parse(model.ToJson())["config"]!["layers"]![0]!["config"]!;
        ((JObject)config).ContainsKey("recurrent_activation").Should().BeFalse("a CuDNNLSTM config has CuDNNLSTM's keys");
        ((bool)config["unit_forget_bias"]!).Should().BeTrue();
    }

    [Fact]
    public void CuDNN_weights_load_into_plain_lstm_and_gru_layers()
    {
        KerasBackend.ClearSession();
        var c = Case("k224_cudnn");
        var model = new Sequential([
            new LSTM(4, recurrent_activation: "sigmoid", return_sequences: true, input_shape: new Shape(4, 3)),
            new GRU(2, recurrent_activation: "sigmoid", reset_after: true),
        ]);
        model.LoadWeights(Golden.PathOf("recurrent/k224_cudnn.h5"));
        Golden.ShouldMatch(model.Predict(Golden.Tensor(c["x"]!)), c["predictions"]!, because: "CuDNN weights converted as Keras converts them");

        var incompatible = new Sequential([
            new LSTM(4, return_sequences: true, input_shape: new Shape(4, 3)),
            new GRU(2),
        ]);
        var act = () => incompatible.LoadWeights(Golden.PathOf("recurrent/k224_cudnn.h5"));
        act.Should().Throw<KerasException>().WithMessage("*CuDNNGRU weights*not compatible with GRU(reset_after=False)*");
    }
}
