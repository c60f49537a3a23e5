using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using FluentAssertions;
using KerasSharp.Backend;
using KerasSharp.Models;
using KerasSharp.Optimizers;
using KerasSharp.Saving;
using KerasSharp.Tests.Harness;
using KerasSharp.Utils;
using Newtonsoft.Json.Linq;
using PureHDF;
using Xunit;
using static KerasSharp.Saving.SavingApi;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Saving;

public sealed class ModelFileTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("kerassharp-model");

    public void Dispose() => _dir.Delete(recursive: true);

    private string PathOf(string name) => Path.Combine(_dir.FullName, name);

    private static (Tensor X, Tensor Y) Batch(int seed)
    {
        var g = new TorchSharp.torch.Generator((ulong)seed);
        return (randn(new long[] { 16, 32, 32, 3 }, generator: g), NpUtils.ToCategorical(randint(0, 10, new long[] { 16 }, generator: g), 10));
    }

    [Fact]
    public void Saving_mid_training_and_resuming_gives_the_uninterrupted_weights_bit_for_bit()
    {
        KerasBackend.ClearSession();
        KerasBackend.SetSeed(21);
        var model = TutorialModel.Build();
        model.Compile(new RMSprop(lr: 0.001, decay: 1e-3), "categorical_crossentropy", ["accuracy"]);
        for (int step = 0; step < 3; step++) { var (x, y) = Batch(step); model.TrainOnBatch(x, y); }
        model.Save(PathOf("mid.h5"));

        // Uninterrupted run: three more steps.
        KerasBackend.SetSeed(99);
        for (int step = 3; step < 6; step++) { var (x, y) = Batch(step); model.TrainOnBatch(x, y); }

        // Resumed run: the same three steps from the file, reseeded alike.
        var resumed = LoadModel(PathOf("mid.h5"));
        resumed.Optimizer.Should().BeOfType<RMSprop>().Which.Iterations.Should().Be(3);
        resumed.MetricsNames.Should().Equal("loss", "accuracy");
        KerasBackend.SetSeed(99);
        for (int step = 3; step < 6; step++) { var (x, y) = Batch(step); resumed.TrainOnBatch(x, y); }

        for (int i = 0; i < model.GetWeights().Length; i++)
            Tensors.Values(resumed.GetWeights()[i]).Should().Equal(Tensors.Values(model.GetWeights()[i]), $"weight {i}");
    }

    [Fact]
    public void Model_h5_has_Keras_2_root_attributes_and_groups()
    {
        KerasBackend.ClearSession();
        var model = TutorialModel.Build();
        model.Compile(new RMSprop(lr: 0.001, decay: 1e-6), "categorical_crossentropy", ["accuracy"]);
        model.Save(PathOf("m.h5"));

        using var file = H5File.OpenRead(PathOf("m.h5"));
        var config = JObject.Parse(file.Attribute("model_config").Read<string>());
        ((string)config["class_name"]!).Should().Be("Sequential");
        var training = JObject.Parse(file.Attribute("training_config").Read<string>());
        ((string)training["optimizer_config"]!["class_name"]!).Should().Be("RMSprop");
        ((double)training["optimizer_config"]!["config"]!["decay"]!).Should().Be(1e-6);
        ((string)training["loss"]!).Should().Be("categorical_crossentropy");
        file.Group("model_weights").Attribute("layer_names").Read<string[]>().Should().HaveCount(26);
        file.Group("optimizer_weights").Attribute("weight_names").Read<string[]>()[0].Should().Be("RMSprop/iterations:0");
    }

    [Fact]
    public void Model_h5_stores_every_string_fixed_length_as_Keras_2_reads_them()
    {
        // Keras 2.2.4's load_model calls .decode on model_config, training_config and every name; h5py 3 returns
        // fixed-length strings as bytes but variable-length ones as str, so every string must be fixed-length.
        KerasBackend.ClearSession();
        var model = TutorialModel.Build();
        model.Compile(new RMSprop(lr: 0.001, decay: 1e-6), "categorical_crossentropy", ["accuracy"]);
        model.Save(PathOf("m.h5"));

        using var file = H5File.OpenRead(PathOf("m.h5"));
        foreach (var name in new[] { "model_config", "training_config" })
        {
            var attribute = file.Attribute(name);
            attribute.Type.Class.Should().Be(H5DataTypeClass.String, name);
            attribute.Space.Dimensions.Should().BeEmpty($"{name} is a scalar");
            var text = attribute.Read<string>().TrimEnd('\0');
            // Sized to its own text and its NUL terminator, not to the file's longest string.
            attribute.Type.Size.Should().Be(System.Text.Encoding.UTF8.GetByteCount(text) + 1, name);
            JObject.Parse(text).Should().ContainKey(name == "model_config" ? "class_name" : "optimizer_config");
        }
        var weights = file.Group("model_weights");
        var strings = new[] { file.Attribute("keras_version"), file.Attribute("backend"), weights.Attribute("keras_version"),
                              weights.Attribute("backend"), weights.Attribute("layer_names"),
                              file.Group("optimizer_weights").Attribute("weight_names") }
            .Concat(model.Layers.Where(l => l.Weights.Count > 0).Select(l => weights.Group(l.Name).Attribute("weight_names")));
        foreach (var attribute in strings)
        {
            attribute.Type.Class.Should().Be(H5DataTypeClass.String, attribute.Name);
            // The longest name, batch_normalization_1/moving_variance:0, and a NUL: one width for all names.
            attribute.Type.Size.Should().Be("batch_normalization_1/moving_variance:0".Length + 1, attribute.Name);
        }
        weights.Attribute("layer_names").Read<string[]>().Select(n => n.TrimEnd('\0')).Should().Equal(model.Layers.Select(l => l.Name));
    }

    [Fact]
    public void Keras_zip_round_trips_and_files_are_told_apart_by_content()
    {
        KerasBackend.ClearSession();
        var model = TutorialModel.Build();
        model.Save(PathOf("m.keras"));
        using (var zip = ZipFile.OpenRead(PathOf("m.keras")))
            zip.Entries.Select(e => e.FullName).Should().BeEquivalentTo("metadata.json", "config.json", "model.weights.h5");

        var loaded = LoadModel(PathOf("m.keras"));
        loaded.ToJson().Should().Be(model.ToJson());
        var x = randn(2, 32, 32, 3);
        Tensors.Values(loaded.Predict(x)).Should().Equal(Tensors.Values(model.Predict(x)));

        // An HDF5 model file named .keras (as tf.keras 2.x wrote them) still loads.
        model.Save(PathOf("m.h5"));
        File.Copy(PathOf("m.h5"), PathOf("hdf5-named.keras"));
        Tensors.Values(LoadModel(PathOf("hdf5-named.keras")).Predict(x)).Should().Equal(Tensors.Values(model.Predict(x)));
    }

    [Fact]
    public void Keras_zip_carries_Keras_3_compile_config_and_optimizer_variables_and_resumes_exactly()
    {
        KerasBackend.ClearSession();
        KerasBackend.SetSeed(5);
        var model = new Sequential();
        model.Add(new KerasSharp.Layers.Dense(3, activation: "relu", input_shape: 4));
        model.Add(new KerasSharp.Layers.Dense(2, activation: "softmax"));
        model.Compile(new Adam(lr: 0.01, decay: 1e-3), "categorical_crossentropy", ["accuracy"]);
        var x = randn(6, 4);
        var y = NpUtils.ToCategorical(tensor(new long[] { 0, 1, 1, 0, 1, 0 }), 2);
        model.TrainOnBatch(x, y);
        model.TrainOnBatch(x, y);
        model.Save(PathOf("m.keras"));

        using (var zip = ZipFile.OpenRead(PathOf("m.keras")))
        {
            using var reader = new StreamReader(zip.GetEntry("config.json")!.Open());
            var compile = (JObject)JObject.Parse(reader.ReadToEnd())["compile_config"]!;
            // keras@v3 Trainer.get_compile_config keys; Keras 3 rejects `decay`, so lr/(1 + decay·t) is InverseTimeDecay.
            compile.Properties().Select(p => p.Name).Should().Equal("optimizer", "loss", "loss_weights", "metrics", "weighted_metrics", "run_eagerly", "steps_per_execution", "jit_compile");
            ((string)compile["loss"]!).Should().Be("categorical_crossentropy");
            compile["metrics"]!.Select(m => (string)m!).Should().Equal("accuracy");
            var optimizer = (JObject)compile["optimizer"]!;
            ((string)optimizer["module"]!).Should().Be("keras.optimizers");
            ((string)optimizer["class_name"]!).Should().Be("Adam");
            var config = (JObject)optimizer["config"]!;
            config.Should().NotContainKey("decay");
            ((string)config["name"]!).Should().Be("adam");
            var schedule = (JObject)config["learning_rate"]!;
            ((string)schedule["class_name"]!).Should().Be("InverseTimeDecay");
            ((double)schedule["config"]!["initial_learning_rate"]!).Should().Be(0.01);
            ((double)schedule["config"]!["decay_rate"]!).Should().Be(1e-3);
            ((int)schedule["config"]!["decay_steps"]!).Should().Be(1);

            zip.GetEntry("model.weights.h5")!.ExtractToFile(PathOf("inner.h5"));
        }
        using (var inner = H5File.OpenRead(PathOf("inner.h5")))
        {
            // keras@v3 Adam.build: iterations, (no learning_rate variable under a schedule), then m and v interleaved per weight.
            var vars = inner.Group("optimizer/vars");
            vars.Children().Should().HaveCount(1 + 2 * 4);
            vars.Dataset("0").Read<long>().Should().Be(2);
            var kernel = model.TrainableWeights[0];
            var slots = model.Optimizer!.Slots[kernel];
            vars.Dataset("1").Read<float[]>().Should().Equal(Tensors.Values(slots[0]));
            vars.Dataset("2").Read<float[]>().Should().Equal(Tensors.Values(slots[1]));
            vars.Dataset("3").Space.Dimensions.Should().Equal(3UL);
        }

        var resumed = LoadModel(PathOf("m.keras"));
        var adam = resumed.Optimizer.Should().BeOfType<Adam>().Subject;
        (adam.Iterations, adam.LearningRate, adam.InitialDecay).Should().Be((2L, 0.01, 1e-3));
        resumed.MetricsNames.Should().Equal("loss", "accuracy");
        model.TrainOnBatch(x, y);
        resumed.TrainOnBatch(x, y);
        for (int i = 0; i < model.GetWeights().Length; i++)
            Tensors.Values(resumed.GetWeights()[i]).Should().Equal(Tensors.Values(model.GetWeights()[i]), $"weight {i}");
    }

    [FixtureFact]
    public void Real_keras_3_file_comes_back_compiled_with_its_optimizer_variables()
    {
        var path = Path.Combine(FixtureFactAttribute.Folder, "k3-mnist-triple/model.keras");
        var model = LoadModel(path);
        var adam = model.Optimizer.Should().BeOfType<Adam>().Subject;
        adam.LearningRate.Should().BeApproximately(1e-4, 1e-11);
        model.Loss.Should().BeOfType<KerasSharp.Losses.SparseCategoricalCrossentropy>();
        model.MetricsNames.Should().Equal("loss", "accuracy");

        using var zip = ZipFile.OpenRead(path);
        zip.GetEntry("model.weights.h5")!.ExtractToFile(PathOf("inner.h5"));
        using var inner = H5File.OpenRead(PathOf("inner.h5"));
        var vars = inner.Group("optimizer/vars");
        adam.Iterations.Should().Be(vars.Dataset("0").Read<long>());
        // Keras 3: 0 iterations, 1 learning rate, then momentum and velocity interleaved per weight (kernel, bias, ...).
        var weights = model.TrainableWeights;
        for (int i = 0; i < weights.Count; i++)
        {
            Tensors.Values(adam.Slots[weights[i]][0]).Should().Equal(vars.Dataset($"{2 + 2 * i}").Read<float[]>(), $"momentum of {weights[i].FullName}");
            Tensors.Values(adam.Slots[weights[i]][1]).Should().Equal(vars.Dataset($"{3 + 2 * i}").Read<float[]>(), $"velocity of {weights[i].FullName}");
        }
    }

    [FixtureFact]
    public void Real_keras_files_load_as_whole_models()
    {
        var root = FixtureFactAttribute.Folder;
        var k231 = LoadModel(Path.Combine(root, "k231-full-and-weights/model.h5"));
        k231.Optimizer.Should().BeOfType<RMSprop>();
        k231.Layers[^1].OutputShape.Should().Be(new Shape(null, 6));
        var k3 = LoadModel(Path.Combine(root, "k3-mnist-triple/model.keras"));
        k3.Layers[^1].OutputShape.Should().Be(new Shape(null, 10));
    }

    private static readonly JObject OtherKeras = (JObject)Golden.Load("model_files/model_files.json");

    private static void ShouldHaveWeights(Model model, JToken expected, string because)
    {
        var weights = model.GetWeights();
        for (int i = 0; i < weights.Length; i++) Golden.ShouldMatch(weights[i], expected[i]!, 1e-5, $"{because} weight {i}");
    }

    [Fact]
    public void Keras_2_1_6_Adam_file_restores_m_v_and_vhat_so_the_next_step_is_Adams()
    {
        // make_model_files.py: Keras 2.1.6 saves Adam as [iterations] + ms + vs + vhats, vhat zeros((1,)) each.
        var c = (JObject)OtherKeras["k216_adam"]!;
        var model = LoadModel(Golden.PathOf((string)c["file"]!));
        var adam = model.Optimizer.Should().BeOfType<Adam>().Subject;
        adam.Iterations.Should().Be((long)c["iterations"]!);
        adam.GetWeights(model.TrainableWeights).Select(w => w.shape).Skip(9).Should().AllSatisfy(s => s.Should().Equal(1L));
        var (x, y) = (Golden.Tensor(OtherKeras["x"]!), Golden.Tensor(OtherKeras["y"]!));
        Golden.ShouldMatch(model.Predict(x), c["predictions"]!, 1e-5, "predictions");

        model.TrainOnBatch(x, y);

        ShouldHaveWeights(model, c["weights_after_step"]!, "after one Adam step from the stored moments");
    }

    [Fact]
    public void Tf_keras_2_10_file_named_keras_loads_compiled_with_its_metric_objects()
    {
        // make_model_files.py: an HDF5 file named .keras whose training_config has MeanMetricWrapper objects nested per
        // output, weighted_metrics, an OptimizerV2 Adam config, and Adam state without vhat (iter, all m, all v).
        var c = (JObject)OtherKeras["tfk210_metrics"]!;
        var model = LoadModel(Golden.PathOf((string)c["file"]!));
        model.MetricsNames.Should().Equal("loss", "accuracy", "weighted_accuracy");
        model.Optimizer.Should().BeOfType<Adam>().Which.Iterations.Should().Be((long)c["iterations"]!);
        var (x, y) = (Golden.Tensor(OtherKeras["x"]!), Golden.Tensor(OtherKeras["y"]!));
        Golden.ShouldMatch(model.Predict(x), c["predictions"]!, 1e-5, "predictions");
        var scores = model.Evaluate(x, y, verbose: 0, sample_weight: Golden.Tensor(OtherKeras["sample_weight"]!));
        scores.Should().Equal(c["evaluate_with_sample_weight"]!.Select(v => (double)v), (a, e) => Math.Abs(a - e) < 1e-5);

        model.TrainOnBatch(x, y);

        ShouldHaveWeights(model, c["weights_after_step"]!, "after one Adam step from the stored moments");
    }

    [Fact]
    public void Unusable_training_config_names_its_cause()
    {
        KerasBackend.ClearSession();
        var model = new Sequential();
        model.Add(new KerasSharp.Layers.Dense(2, input_shape: 3));
        model.Compile(new Adam(), "categorical_crossentropy", ["accuracy"]);
        model.Save(PathOf("m.h5"));
        void Rewrite(string training)
        {
            // The same file with another training_config, written as Keras 2.3.1 + h5py 2 would (variable-length).
            using var source = H5File.OpenRead(PathOf("m.h5"));
            var root = new H5File
            {
                Attributes = { ["model_config"] = source.Attribute("model_config").Read<string>(), ["training_config"] = training },
            };
            var weights = new H5Group();
            LegacyH5Format.Fill(weights, model);
            root["model_weights"] = weights;
            root.Write(PathOf("bad.h5"));
        }

        Rewrite("""{"loss": "categorical_crossentropy", "metrics": [["accuracy"], ["mae"]], "optimizer_config": {"class_name": "Adam", "config": {}}}""");
        FluentActions.Invoking(() => LoadModel(PathOf("bad.h5"))).Should().Throw<KerasException>()
            .WithMessage("*bad.h5: training_config: `metrics` has 2 lists for a model of 1 outputs.").Which.Message.Should().NotContain("truncated");
        Rewrite("""{"loss": {"class_name": "CategoricalCrossentropy", "config": {"from_logits": true}}, "optimizer_config": {"class_name": "Adam", "config": {}}}""");
        FluentActions.Invoking(() => LoadModel(PathOf("bad.h5"))).Should().Throw<KerasException>().WithMessage("*training_config: loss CategoricalCrossentropy `from_logits` = true is not supported*");
        Rewrite("""{"loss": "mse", "metrics": [{"class_name": "AUC", "config": {"name": "auc"}}], "optimizer_config": {"class_name": "Adam", "config": {}}}""");
        FluentActions.Invoking(() => LoadModel(PathOf("bad.h5"))).Should().Throw<KerasException>().WithMessage("*training_config: `metrics` {\"class_name\":\"AUC\"*Unknown metric function*");
        Rewrite("""{"loss": "mse", "optimizer_config": {"class_name": "Adam", "config": {"learning_rate": {"class_name": "ExponentialDecay", "config": {}}}}}""");
        FluentActions.Invoking(() => LoadModel(PathOf("bad.h5"))).Should().Throw<KerasException>().WithMessage("*training_config: the learning-rate schedule*ExponentialDecay*");
        Rewrite("{\"loss\": ");
        FluentActions.Invoking(() => LoadModel(PathOf("bad.h5"))).Should().Throw<KerasException>().WithMessage("*bad.h5: training_config is not valid JSON*");
    }

    [Fact]
    public void Bad_model_files_give_clear_errors()
    {
        File.WriteAllText(PathOf("text.h5"), "not hdf5");
        FluentActions.Invoking(() => LoadModel(PathOf("text.h5"))).Should().Throw<KerasException>().WithMessage("*neither an HDF5 file nor a .keras zip*");
        var model = new Sequential();
        model.Add(new KerasSharp.Layers.Dense(2, input_shape: 3));
        model.SaveWeights(PathOf("weights.h5"));
        FluentActions.Invoking(() => LoadModel(PathOf("weights.h5"))).Should().Throw<KerasException>().WithMessage("*without a model_config*");
    }
}
