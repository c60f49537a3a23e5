using System;
using FluentAssertions;
using KerasSharp.Backend;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Saving;
using KerasSharp.Tests.Harness;
using Newtonsoft.Json.Linq;
using Xunit;
using static KerasSharp.Layers.LayerFunctions;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Layers.Core;

/// <summary>Keras's <c>Input(shape, dtype='int32')</c> for token ids: declared, written to files, and fed as integers.</summary>
public sealed class InputLayerTests
{
    private static Model TokenModel()
    {
        var tokens = Input(shape: new Shape(3), dtype: "int32");
        var embedding = new Embedding(5, 2, embeddings_initializer: "zeros");
        var model = new Model(tokens, embedding.Apply(tokens));
        // Row k of the embedding is (k, 10k), so each output names the index it looked up.
        embedding.Embeddings.Assign(tensor(new float[] { 0, 0, 1, 10, 2, 20, 3, 30, 4, 40 }).reshape(5, 2));
        return model;
    }

    [Fact]
    public void An_integer_input_truncates_float_batches_as_numpy_casts_them()
    {
        KerasBackend.ClearSession();
        var model = TokenModel();
        model.Inputs[0].Dtype.Should().Be("int32");

        // numpy's astype('int32') truncates toward zero: 1.9 -> 1, 3.2 -> 3, 0.5 -> 0.
        var y = model.Predict(tensor(new float[] { 1.9f, 3.2f, 0.5f }).reshape(1, 3));

        Tensors.Values(y).Should().Equal(1f, 10f, 3f, 30f, 0f, 0f);
    }

    [Fact]
    public void The_dtype_is_written_to_json_and_read_back()
    {
        KerasBackend.ClearSession();
        var json = TokenModel().ToJson();
        var input = JObject.Parse(json)["config"]!["layers"]![0]!;
        ((string)input["class_name"]!).Should().Be("InputLayer");
        ((string)input["config"]!["dtype"]!).Should().Be("int32");

        var loaded = SavingApi.ModelFromJson(json);
        loaded.Inputs[0].Dtype.Should().Be("int32");
    }

    [Fact]
    public void Other_dtypes_are_refused_naming_the_argument()
    {
        var onInput = () => Input(shape: new Shape(3), dtype: "float16");
        onInput.Should().Throw<ArgumentException>().WithParameterName("dtype").WithMessage("*input, one of int32*Received: dtype='float16'*");
        var onLayer = () => new Dense(2, dtype: "int32");
        onLayer.Should().Throw<ArgumentException>().WithParameterName("dtype").WithMessage("Only dtype='float32' is supported. Received: dtype='int32'*");
    }
}
