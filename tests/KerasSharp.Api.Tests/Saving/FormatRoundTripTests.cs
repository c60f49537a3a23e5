using System;
using System.IO;
using System.Linq;
using FluentAssertions;
using KerasSharp.Backend;
using KerasSharp.Constraints;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Regularizers;
using KerasSharp.Tests.Harness;
using Newtonsoft.Json.Linq;
using PureHDF;
using Xunit;
using static KerasSharp.Saving.SavingApi;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Saving;

/// <summary>Model → file → model for every format, on a model that uses every implemented layer.</summary>
public sealed class FormatRoundTripTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("kerassharp-formats");

    public void Dispose() => _dir.Delete(recursive: true);

    private string PathOf(string name) => Path.Combine(_dir.FullName, name);

    /// <summary>Every [KerasLayer] type in one chain, with non-default arguments where they exist.</summary>
    internal static Sequential EveryLayer()
    {
        var model = new Sequential();
        model.Add(new InputLayer(input_shape: (10, 10, 3)));
        model.Add(new Reshape(new Shape(10, 10, 3, 1)));
        model.Add(new Conv3D(2, (3, 3, 2), padding: "same"));
        model.Add(new MaxPooling3D((1, 1, 1)));
        model.Add(new AveragePooling3D((2, 2, 1), strides: 1, padding: "same"));
        model.Add(new Reshape(new Shape(10, 10, 6)));
        model.Add(new ZeroPadding2D(((1, 0), (0, 1))));
        model.Add(new Cropping2D(((1, 0), (0, 1))));
        model.Add(new UpSampling2D(2, interpolation: "bilinear"));
        model.Add(new DepthwiseConv2D(3, depth_multiplier: 2, padding: "same"));
        model.Add(new SeparableConv2D(4, 3, padding: "same", depth_multiplier: 2));
        model.Add(new Conv2DTranspose(3, 3, strides: 2, padding: "same", output_padding: 1));
        model.Add(new MaxPooling2D(2));
        model.Add(new Conv2D(4, (3, 3), strides: (2, 2), padding: "same", kernel_initializer: "he_normal",
                             kernel_regularizer: Regularizer.L1_L2(1e-5, 1e-4), kernel_constraint: new MaxNorm(3)));
        model.Add(new BatchNormalization(momentum: 0.9, epsilon: 1e-4));
        model.Add(new ReLU(max_value: 6));
        model.Add(new PReLU(alpha_initializer: new KerasSharp.Initializers.Constant(0.2), shared_axes: (1, 2)));
        model.Add(new ThresholdedReLU(theta: 0.05));
        model.Add(new SpatialDropout2D(0.1));
        model.Add(new GaussianNoise(0.1));
        model.Add(new GaussianDropout(0.1));
        model.Add(new AlphaDropout(0.1, seed: 1));
        model.Add(new ActivityRegularization(l1: 0.01));
        model.Add(new MaxPooling2D(pool_size: (2, 2), padding: "same"));
        model.Add(new AveragePooling2D(pool_size: 1));
        model.Add(new Dropout(0.1, seed: 2));
        model.Add(new Reshape(new Shape(-1, 4)));
        model.Add(new Conv1D(5, 3, padding: "causal", dilation_rate: 2, activation: "tanh"));
        model.Add(new SeparableConv1D(5, 3, padding: "same"));
        model.Add(new Cropping1D(1));
        model.Add(new ZeroPadding1D((1, 0)));
        model.Add(new UpSampling1D(2));
        model.Add(new SpatialDropout1D(0.1));
        model.Add(new Permute((2, 1)));
        model.Add(new Permute((2, 1)));
        model.Add(new MaxPooling1D(pool_size: 1));
        model.Add(new AveragePooling1D(pool_size: 1));
        model.Add(new Flatten());
        model.Add(new Dense(8, bias_initializer: new KerasSharp.Initializers.Constant(0.1)));
        model.Add(new RepeatVector(2));
        model.Add(new TimeDistributed(new Dense(4)));
        model.Add(new Flatten());
        model.Add(new ELU(alpha: 0.5));
        model.Add(new LeakyReLU(alpha: 0.2));
        model.Add(new Activation("selu"));
        model.Add(new Reshape(new Shape(2, 2, 2)));
        model.Add(new GlobalAveragePooling2D());
        model.Add(new Reshape(new Shape(1, 2)));
        model.Add(new GlobalMaxPooling1D());
        model.Add(new RepeatVector(3));
        model.Add(new TimeDistributed(new Dense(4, activation: "tanh")));
        model.Add(new Flatten());
        model.Add(new Dense(8));
        model.Add(new Reshape(new Shape(2, 2, 2)));
        model.Add(new GlobalMaxPooling2D());
        model.Add(new Reshape(new Shape(1, 2)));
        model.Add(new GlobalAveragePooling1D());
        model.Add(new Dense(2));
        model.Add(new Softmax());
        return model;
    }

    /// <summary>
    /// Every embedding, masking and recurrent layer: masks from Embedding and Masking through recurrent layers and a
    /// Bidirectional wrapper, an LSTM and a GRU in their non-default forms, the CuDNN classes on unmasked sequences, a
    /// ConvLSTM2D (channels_first, strided) on a sequence of images.
    /// </summary>
    internal static Model EveryRecurrentLayer()
    {
        var tokens = LayerFunctions.Input(shape: 6, name: "tokens");
        var x = new Embedding(10, 4, mask_zero: true).Apply(tokens);
        x = new SimpleRNN(4, return_sequences: true, go_backwards: true).Apply(x);
        x = new LSTM(4, recurrent_activation: "sigmoid", implementation: 2, return_sequences: true).Apply(x);
        x = new GRU(4, reset_after: true, return_sequences: true).Apply(x);
        x = new Bidirectional(new GRU(2, reset_after: true), merge_mode: "ave").Apply(x);
        x = new Reshape(new Shape(2, 1)).Apply(x);
        x = new CuDNNLSTM(3, return_sequences: true).Apply(x);
        x = new CuDNNGRU(2).Apply(x);
        var series = LayerFunctions.Input(shape: (3, 2), name: "series");
        var y = new LSTM(2, unit_forget_bias: false).Apply(new Masking(mask_value: 0.5).Apply(series));
        var frames = LayerFunctions.Input(shape: new Shape(3, 1, 5, 5), name: "frames");
        var z = new ConvLSTM2D(2, (3, 2), strides: 2, padding: "same", data_format: "channels_first",
                               recurrent_activation: "sigmoid", go_backwards: true).Apply(frames);
        z = new GlobalAveragePooling2D(data_format: "channels_first").Apply(z);
        return new Model(inputs: [tokens, series, frames], outputs: LayerFunctions.concatenate([x, y, z]), name: "recurrent");
    }

    /// <summary>Keras's <c>lambda x: x ** 2</c> as a named method, so a saved model names it.</summary>
    private static Tensor Square(Tensor x) => x.square();

    /// <summary>
    /// Every graph feature: two inputs, a shared layer, every merge layer, a Lambda, a Sequential used as a layer, two
    /// outputs (one of them also read inside the graph).
    /// </summary>
    internal static Model EveryGraphFeature()
    {
        var a = LayerFunctions.Input(shape: 6, name: "a");
        var b = LayerFunctions.Input(shape: 6, name: "b");
        var shared = new Dense(6, activation: "tanh", name: "shared");
        var (ha, hb) = (shared.Apply(a), shared.Apply(b));
        var merged = LayerFunctions.concatenate(new[]
        {
            LayerFunctions.add([ha, hb]), LayerFunctions.subtract([ha, hb]), LayerFunctions.multiply([ha, hb]),
            LayerFunctions.average([ha, hb]), LayerFunctions.maximum([ha, hb]), LayerFunctions.minimum([ha, hb]),
        });
        var cosine = LayerFunctions.dot([ha, hb], axes: 1, normalize: true);
        var squared = new Lambda(Square, name: "square").Apply(merged);
        var inner = new Sequential(name: "inner");
        inner.Add(new Dense(4, activation: "relu", input_shape: 36));
        inner.Add(new Dense(3));
        var joined = LayerFunctions.concatenate([inner.Apply(squared), cosine], name: "joined");
        return new Model(inputs: [a, b], outputs: [joined, KerasBackend.Abs(cosine)], name: "graph");
    }

    [Fact]
    public void Every_graph_feature_round_trips_through_every_format()
    {
        KerasBackend.ClearSession();
        KerasBackend.SetSeed(12);
        var model = EveryGraphFeature();
        var custom = new System.Collections.Generic.Dictionary<string, object> { ["Square"] = (Func<Tensor, Tensor>)Square };
        var inputs = new[] { randn(3, 6), randn(3, 6) };
        var expected = model.CallAll(inputs, false).Select(Tensors.Values).ToList();
        void SamePredictions(Model loaded, string what)
        {
            var outputs = loaded.CallAll(inputs, false);
            for (int i = 0; i < outputs.Length; i++) Tensors.Values(outputs[i]).Should().Equal(expected[i], $"{what}, output {i}");
        }
        var json = model.ToJson();
        var fromJson = ModelFromJson(json, custom_objects: custom);
        fromJson.ToJson().Should().Be(json);
        JObject.Parse(json)["config"]!["layers"]!.Single(l => (string)l["name"]! == "square")["config"]!["function"]!.ToString().Should().Be("Square");

        foreach (var file in new[] { "w.h5", "w.weights.h5" })
        {
            model.SaveWeights(PathOf(file));
            var loaded = ModelFromJson(json, custom_objects: custom);
            loaded.LoadWeights(PathOf(file));
            SamePredictions(loaded, file);
        }
        foreach (var file in new[] { "m.h5", "m.keras" })
        {
            model.Save(PathOf(file));
            var loaded = LoadModel(PathOf(file), custom_objects: custom);
            loaded.ToJson().Should().Be(json, file);
            SamePredictions(loaded, file);
        }
        var keras3 = ModelFromJson(model.ToJson(keras3: true), custom_objects: custom);
        keras3.ToJson().Should().Be(json, "the Keras 3 layout carries the same model");

        FluentActions.Invoking(() => ModelFromJson(json)).Should().Throw<KerasException>()
            .WithMessage("layer 'square' (Lambda): `function`: the layer's function is the Python function 'Square'; KerasSharp never runs code from a file. Pass the C# function in custom_objects*[\"Square\"]*");
    }

    [Fact]
    public void Every_recurrent_layer_round_trips_through_every_format()
    {
        KerasBackend.ClearSession();
        KerasBackend.SetSeed(4);
        var model = EveryRecurrentLayer();
        var tokens = tensor(new float[] { 0, 0, 3, 9, 1, 2, 5, 5, 5, 5, 5, 0 }, new long[] { 2, 6 });
        var series = tensor(new float[] { 0.5f, 0.5f, 1, 2, 3, 4, -1, 0, 0.5f, 0.5f, 0.5f, 0.5f }, new long[] { 2, 3, 2 });
        var frames = linspace(-1, 1, 150).reshape(2, 3, 1, 5, 5);
        var expected = Tensors.Values(model.Predict([tokens, series, frames]));
        var json = model.ToJson();
        ModelFromJson(json).ToJson().Should().Be(json);
        foreach (var file in new[] { "w.h5", "w.weights.h5" })
        {
            model.SaveWeights(PathOf(file));
            var loaded = ModelFromJson(json);
            loaded.LoadWeights(PathOf(file));
            Tensors.Values(loaded.Predict([tokens, series, frames])).Should().Equal(expected, file);
        }
        foreach (var file in new[] { "m.h5", "m.keras" })
        {
            model.Save(PathOf(file));
            var loaded = LoadModel(PathOf(file));
            loaded.ToJson().Should().Be(json, file);
            Tensors.Values(loaded.Predict([tokens, series, frames])).Should().Equal(expected, file);
        }
    }

    [Fact]
    public void Every_layer_round_trips_through_every_format()
    {
        KerasBackend.ClearSession();
        var model = EveryLayer();
        var declared = typeof(Layer).Assembly.GetTypes().Where(t => t.GetCustomAttributes(typeof(KerasLayerAttribute), false).Length > 0).Select(t => t.Name);
        declared.Except(model.Layers.Concat(EveryGraphFeature().Layers).Concat(EveryRecurrentLayer().Layers).Select(l => l.GetType().Name).Append("InputLayer").Append("BackendOp"))
            .Should().BeEmpty("the two models use every declared layer (backend functions in a graph have tests of their own: Backend/BackendOpTests)");
        var x = randn(3, 10, 10, 3);
        var expected = Tensors.Values(model.Predict(x));
        var json = model.ToJson();

        var fromJson = ModelFromJson(json);
        fromJson.ToJson().Should().Be(json);
        fromJson.SummaryText().Should().Be(model.SummaryText());

        foreach (var file in new[] { "w.h5", "w.weights.h5" })
        {
            model.SaveWeights(PathOf(file));
            var loaded = ModelFromJson(json);
            loaded.LoadWeights(PathOf(file));
            Tensors.Values(loaded.Predict(x)).Should().Equal(expected, file);
        }
        foreach (var file in new[] { "m.h5", "m.keras" })
        {
            model.Save(PathOf(file));
            var loaded = LoadModel(PathOf(file));
            loaded.ToJson().Should().Be(json, file);
            Tensors.Values(loaded.Predict(x)).Should().Equal(expected, file);
        }
        var keras3 = ModelFromJson(model.ToJson(keras3: true));
        keras3.ToJson().Should().Be(json, "the Keras 3 layout carries the same model");
    }

    [Fact]
    public void A_Keras_2_functional_file_loads_as_a_functional_model()
    {
        const string chain = """
            {"class_name": "Model", "config": {"name": "model_1", "layers": [
              {"name": "img", "class_name": "InputLayer", "config": {"batch_input_shape": [null, 4], "dtype": "float32", "sparse": false, "name": "img"}, "inbound_nodes": []},
              {"name": "dense_1", "class_name": "Dense", "config": {"name": "dense_1", "units": 3, "activation": "relu"}, "inbound_nodes": [[["img", 0, 0, {}]]]},
              {"name": "dense_2", "class_name": "Dense", "config": {"name": "dense_2", "units": 2}, "inbound_nodes": [[["dense_1", 0, 0, {}]]]}],
              "input_layers": [["img", 0, 0]], "output_layers": [["dense_2", 0, 0]]}, "keras_version": "2.2.4", "backend": "tensorflow"}
            """;
        var model = ModelFromJson(chain);
        model.Should().NotBeOfType<Sequential>();
        model.Layers.Select(l => l.Name).Should().Equal("img", "dense_1", "dense_2");
        model.Layers[^1].OutputShape.Should().Be(new Shape(null, 2));
        var written = JObject.Parse(model.ToJson())["config"]!;
        var read = JObject.Parse(chain)["config"]!;
        foreach (var key in new[] { "input_layers", "output_layers" }) JToken.DeepEquals(written[key], read[key]).Should().BeTrue(key);
        written["layers"]!.Select(l => l["inbound_nodes"]!.ToString()).Should().Equal(read["layers"]!.Select(l => l["inbound_nodes"]!.ToString()), "written back with the same connections");

        var branching = chain.Replace("[[[\"dense_1\", 0, 0, {}]]]", "[[[\"img\", 0, 0, {}]]]").Replace("[[\"dense_2\", 0, 0]]", "[[\"dense_1\", 0, 0], [\"dense_2\", 0, 0]]");
        var twoOutputs = ModelFromJson(branching);
        twoOutputs.OutputNames.Should().Equal("dense_1", "dense_2");
        twoOutputs.GetLayer("dense_2").InputShape.Should().Be(new Shape(null, 4), "dense_2 reads the input directly");

        var broken = chain.Replace("[[[\"dense_1\", 0, 0, {}]]]", "[[[\"dense_9\", 0, 0, {}]]]");
        FluentActions.Invoking(() => ModelFromJson(broken)).Should().Throw<KerasException>()
            .WithMessage("model_from_json: a layer call reads from layer 'dense_9', which the model does not have.");
    }

    [Fact]
    public void Chunked_layer_names_and_theano_kernels_are_read_as_Keras_reads_them()
    {
        var model = new Sequential();
        model.Add(new Conv2D(1, (2, 2), use_bias: false, input_shape: (3, 3, 1), name: "c"));
        model.Add(new Flatten(name: "f"));
        var kernel = new float[] { 1, 2, 3, 4 };
        var file = new H5File
        {
            Attributes = { ["layer_names0"] = new[] { "c" }, ["layer_names1"] = new[] { "f" }, ["backend"] = "theano", ["keras_version"] = "2.0.8" },
            ["c"] = new H5Group
            {
                Attributes = { ["weight_names"] = new[] { "c/kernel:0" } },
                ["c"] = new H5Group { ["kernel:0"] = new H5Dataset(kernel, fileDims: new ulong[] { 2, 2, 1, 1 }) },
            },
            ["f"] = new H5Group { Attributes = { ["weight_names"] = Array.Empty<double>() } },
        };
        file.Write(PathOf("theano.h5"), new H5WriteOptions(DefaultStringLength: 12));

        model.LoadWeights(PathOf("theano.h5"));

        // A Theano kernel is a true convolution: flipped in both spatial axes for TensorFlow's cross-correlation.
        Tensors.Values(model.GetWeights()[0]).Should().Equal(4f, 3f, 2f, 1f);
    }
}
