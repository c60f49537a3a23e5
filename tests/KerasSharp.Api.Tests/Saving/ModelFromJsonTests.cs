using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using FluentAssertions;
using KerasSharp.Backend;
using KerasSharp.Layers;
using KerasSharp.Saving;
using KerasSharp.Tests.Harness;
using Newtonsoft.Json.Linq;
using Xunit;
using static KerasSharp.Saving.SavingApi;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Saving;

public sealed class ModelFromJsonTests
{
    [Fact]
    public void Tutorial_model_round_trips_through_json()
    {
        KerasBackend.ClearSession();
        var model = TutorialModel.Build();
        var json = model.ToJson();

        var loaded = ModelFromJson(json);

        loaded.ToJson().Should().Be(json);
        loaded.SummaryText().Should().Be(model.SummaryText());
        loaded.SetWeights(model.GetWeights());
        var x = randn(4, 32, 32, 3);
        Tensors.Values(loaded.Predict(x)).Should().Equal(Tensors.Values(model.Predict(x)));
    }

    [Fact]
    public void Json_has_the_Keras_2_2_4_layout_and_value_forms()
    {
        KerasBackend.ClearSession();
        var root = JObject.Parse(TutorialModel.Build().ToJson());

        root.Properties().Select(p => p.Name).Should().Equal("class_name", "config", "keras_version", "backend");
        ((string)root["class_name"]!).Should().Be("Sequential");
        var first = (JObject)root["config"]!["layers"]![0]!;
        ((string)first["class_name"]!).Should().Be("Conv2D");
        var config = (JObject)first["config"]!;
        config.Properties().Select(p => p.Name).Take(6).Should().Equal("name", "trainable", "batch_input_shape", "dtype", "filters", "kernel_size");
        config["batch_input_shape"]!.ToString(Newtonsoft.Json.Formatting.None).Should().Be("[null,32,32,3]");
        config["kernel_size"]!.ToString(Newtonsoft.Json.Formatting.None).Should().Be("[3,3]");
        // l2(1e-4) is float32 in Keras 2, so it serialises as 9.999999747378752e-05.
        config["kernel_regularizer"]!.ToString(Newtonsoft.Json.Formatting.None).Should().Be("{\"class_name\":\"L1L2\",\"config\":{\"l1\":0.0,\"l2\":9.999999747378752E-05}}");
        config["kernel_initializer"]!.ToString(Newtonsoft.Json.Formatting.None).Should().Be("{\"class_name\":\"VarianceScaling\",\"config\":{\"scale\":1.0,\"mode\":\"fan_avg\",\"distribution\":\"uniform\",\"seed\":null}}");
        ((JObject)root["config"]!["layers"]![1]!["config"]!).Properties().Select(p => p.Name).Should().Equal("name", "trainable", "activation");
        TutorialModel.Build().ToJson().Should().Contain("\"l2\": 9.999999747378752e-05", "written with Python's float repr");
    }

    private static string Fixture(string path) => File.ReadAllText(Path.Combine(FixtureFactAttribute.Folder, path));

    [FixtureFact]
    public void Keras_2_1_6_list_config_loads_and_ignores_a_stray_input_shape()
    {
        var model = ModelFromJson(Fixture("k216-cnn-list/model.json"));
        model.Layers.Should().HaveCount(12);
        model.Layers[0].InputShape.Should().Be(new Shape(null, 32, 32, 3));
        model.Layers[4].Name.Should().Be("conv2d_7");
        ((Conv2D)model.Layers[4]).Kernel.Shape.Should().Equal(3, 3, 8, 4);
        model.Layers[^1].OutputShape.Should().Be(new Shape(null, 2));
    }

    [FixtureFact]
    public void Keras_2_2_4_dict_config_loads()
    {
        var model = ModelFromJson(Fixture("k224-cnn-pair/classifier_structure.json"));
        model.Name.Should().Be("sequential_1");
        model.Layers.Select(l => l.GetType().Name).Should().Equal("Conv2D", "MaxPooling2D", "Conv2D", "MaxPooling2D", "Flatten", "Dense", "Dense");
        ((Dense)model.Layers[5]).Kernel.Shape.Should().Equal(6272, 128);
    }

    [FixtureFact]
    public void Tf_keras_batchnorm_axis_list_and_truncated_normal_load()
    {
        var model = ModelFromJson(Fixture("tfk224tf-bn-pair/modelConfig.json"));
        model.Layers.OfType<BatchNormalization>().Should().HaveCount(4);
        model.Layers.OfType<BatchNormalization>().First().Axis.Should().Be(3);
        ((KerasSharp.Initializers.VarianceScaling)((Conv2D)model.Layers[0]).KernelInitializer).Distribution.Should().Be("normal");
        model.Layers[^1].OutputShape.Should().Be(new Shape(null, 10));
    }

    [FixtureFact]
    public void Keras_3_config_with_input_layer_and_dtype_policies_loads()
    {
        using var zip = ZipFile.OpenRead(Path.Combine(FixtureFactAttribute.Folder, "k3-mnist-triple/model.keras"));
        using var reader = new StreamReader(zip.GetEntry("config.json")!.Open());
        var model = ModelFromJson(reader.ReadToEnd());
        model.Layers.Select(l => l.GetType().Name).Should().Equal("Flatten", "Dense", "Dense", "Dense", "Dense");
        model.Layers[0].InputShape.Should().Be(new Shape(null, 28, 28));
        model.Layers[^1].OutputShape.Should().Be(new Shape(null, 10));
    }

    [FixtureFact]
    public void Keras_1_json_is_refused_clearly()
    {
        var act = () => ModelFromJson(Fixture("keras1-legacy-negative/mnist_model.json"));
        act.Should().Throw<KerasException>().WithMessage("*Keras 1 model*not supported*");
    }

    [Fact]
    public void Keras_2_Embedding_output_dim_is_not_taken_for_Keras_1()
    {
        // Keras 2's Embedding(input_dim, output_dim) keeps the Keras 1 name; a Keras 1 Dense(output_dim=...) is still refused.
        var keras2 = JObject.Parse("{\"class_name\": \"Sequential\", \"keras_version\": \"2.2.4\", \"config\": [{\"class_name\": \"Embedding\", \"config\": {\"name\": \"embedding_1\", \"input_dim\": 100, \"output_dim\": 8, \"embeddings_initializer\": {\"class_name\": \"RandomUniform\", \"config\": {}}}}]}");
        FluentActions.Invoking(() => KerasConfigNormalizer.RefuseKeras1(keras2)).Should().NotThrow();
        var keras1 = JObject.Parse("{\"class_name\": \"Sequential\", \"config\": [{\"class_name\": \"Dense\", \"config\": {\"name\": \"dense_1\", \"output_dim\": 8}}]}");
        FluentActions.Invoking(() => KerasConfigNormalizer.RefuseKeras1(keras1)).Should().Throw<KerasException>().WithMessage("*Keras 1 model*");
    }

    [Fact]
    public void Unknown_class_missing_key_and_invalid_value_are_named()
    {
        const string envelope = "{{\"class_name\": \"Sequential\", \"config\": {{\"name\": \"s\", \"layers\": [{0}]}}}}";
        FluentActions.Invoking(() => ModelFromJson(string.Format(envelope, "{\"class_name\": \"LocallyConnected2D\", \"config\": {\"name\": \"c3\"}}")))
            .Should().Throw<KerasException>().WithMessage("*unknown layer class 'LocallyConnected2D' (layer 'c3')*");
        FluentActions.Invoking(() => ModelFromJson(string.Format(envelope, "{\"class_name\": \"Dense\", \"config\": {\"name\": \"d\", \"batch_input_shape\": [null, 3]}}")))
            .Should().Throw<KerasException>().WithMessage("*layer 'd' (Dense)*required config key `units` is missing*");
        FluentActions.Invoking(() => ModelFromJson(string.Format(envelope, "{\"class_name\": \"Conv2D\", \"config\": {\"name\": \"c\", \"filters\": 2, \"kernel_size\": 3, \"padding\": \"sme\"}}")))
            .Should().Throw<KerasException>().WithMessage("*layer 'c' (Conv2D)*padding*'sme'*");
        FluentActions.Invoking(() => ModelFromJson("{\"class_name\": \"Sequential\", \"config\": [")).Should().Throw<KerasException>().WithMessage("*not valid JSON*");
        FluentActions.Invoking(() => ModelFromJson("{\"class_name\": \"Model\", \"config\": {\"layers\": []}}")).Should().Throw<KerasException>().WithMessage("The functional model config has no `input_layers` list.");
    }

    [Fact]
    public void Unknown_keys_are_tolerated_with_a_warning()
    {
        var error = StandardError.Capture(() =>
        {
            var model = ModelFromJson("{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": [{\"class_name\": \"Dense\", \"config\": {\"name\": \"d\", \"units\": 2, \"batch_input_shape\": [null, 3], \"groups\": 1, \"quantization_config\": null}}]}}");
            model.Layers.Single().OutputShape.Should().Be(new Shape(null, 2));
        });
        error.Should().Contain("layer 'd' (Dense): ignoring the config key `groups`").And.Contain("`quantization_config`");
    }
}
