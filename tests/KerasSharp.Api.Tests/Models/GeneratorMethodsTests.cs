using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using FluentAssertions;
using KerasSharp.Backend;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Preprocessing.Image;
using KerasSharp.Tests.Harness;
using KerasSharp.Training;
using KerasSharp.Utils;
using SkiaSharp;
using Xunit;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Models;

/// <summary>
/// evaluate_generator, predict_generator, validation by generator and Keras 1's keywords: each checked against the
/// array methods on the same samples (Keras's generator loops weight batch results by batch size, so they agree).
/// </summary>
public sealed class GeneratorMethodsTests
{
    private static readonly Tensor X = rand(10, 3, generator: new TorchSharp.torch.Generator(5));
    private static readonly Tensor Y = NpUtils.ToCategorical(tensor(new long[] { 0, 1, 2, 0, 1, 2, 0, 1, 2, 0 }), 3);

    private static Sequential Model()
    {
        KerasBackend.SetSeed(4);
        var model = new Sequential();
        model.Add(new Dense(3, activation: "softmax", input_shape: 3));
        model.Compile("sgd", "categorical_crossentropy", ["accuracy"]);
        return model;
    }

    /// <summary>Arrays in batches of 4 (the last one of 2), as a Keras Sequence.</summary>
    private sealed class ArraySequence(Tensor x, Tensor? y, int batch = 4) : Sequence
    {
        public int BatchSize => batch;
        public override int Count => (int)((x.shape[0] + batch - 1) / batch);

        public override (Tensor x, Tensor? y, Tensor? sample_weight) GetItem(int index) =>
            (x[(index * batch)..Math.Min((index + 1) * batch, (int)x.shape[0])],
             y?[(index * batch)..Math.Min((index + 1) * batch, (int)y.shape[0])], null);
    }

    private static IEnumerable<(Tensor x, Tensor y)> Endless(Tensor x, Tensor y)
    {
        while (true)
            foreach (var (bx, by) in new ArraySequence(x, y)) yield return (bx, by);
    }

    [Fact]
    public void Evaluate_generator_equals_evaluate_on_the_arrays()
    {
        var model = Model();
        var expected = model.Evaluate(X, Y, batch_size: 4, verbose: 0);
        model.EvaluateGenerator(new ArraySequence(X, Y)).Should().Equal(expected, (a, e) => Math.Abs(a - e) < 1e-6);
        model.Evaluate(new ArraySequence(X, Y), verbose: 0).Should().Equal(expected, (a, e) => Math.Abs(a - e) < 1e-6);
        model.EvaluateGenerator(Endless(X, Y), steps: 3).Should().Equal(expected, (a, e) => Math.Abs(a - e) < 1e-6);
    }

    [Fact]
    public void Predict_generator_returns_every_batch_in_order()
    {
        var model = Model();
        var expected = Tensors.Values(model.Predict(X));
        Tensors.Values(model.PredictGenerator(new ArraySequence(X, null))).Should().Equal(expected);
        Tensors.Values(model.Predict(new ArraySequence(X, Y))).Should().Equal(expected, "targets are ignored");
        Tensors.Values(model.PredictGenerator(Endless(X, Y), steps: 3)).Should().Equal(expected);
        IEnumerable<Tensor> Inputs() { while (true) foreach (var (bx, _) in new ArraySequence(X, null)) yield return bx; }
        Tensors.Values(model.PredictGenerator(Inputs(), steps: 3)).Should().Equal(expected);
        model.PredictGenerator(Inputs(), steps: 3).shape.Should().Equal(10, 3);
    }

    [Fact]
    public void A_generator_without_steps_gets_Keras_message()
    {
        var act = () => Model().PredictGenerator(Endless(X, Y));
        act.Should().Throw<ArgumentException>()
            .WithMessage("`steps=None` is only valid for a generator based on the `keras.utils.Sequence` class. Please specify `steps` or use the `keras.utils.Sequence` class.*")
            .And.ParamName.Should().Be("steps");
    }

    [Fact]
    public void Evaluating_a_sequence_without_targets_says_so()
    {
        var act = () => Model().EvaluateGenerator(new ArraySequence(X, null));
        act.Should().Throw<KerasException>().WithMessage("*Batch 0 of the Sequence has no targets*");
    }

    [Fact]
    public void Validation_data_may_be_a_sequence_or_a_generator()
    {
        var model = Model();
        var history = model.FitGenerator(new ArraySequence(X, Y), epochs: 2, verbose: 0, shuffle: false,
                                         validation_data: new ArraySequence(X, Y));
        var evaluated = model.Evaluate(X, Y, batch_size: 4, verbose: 0);
        history.Values["val_loss"][1].Should().BeApproximately(evaluated[0], 1e-6, "the last validation ran on the final weights");
        history.Values["val_accuracy"][1].Should().BeApproximately(evaluated[1], 1e-6);

        var byGenerator = Model().Fit(X, Y, batch_size: 4, epochs: 1, verbose: 0, shuffle: false,
                                      validation_data: new ValidationData(Endless(X, Y)), validation_steps: 3);
        byGenerator.Values["val_loss"].Should().HaveCount(1);

        var act = () => Model().FitGenerator(new ArraySequence(X, Y), verbose: 0, validation_data: new ValidationData(Endless(X, Y)));
        act.Should().Throw<ArgumentException>().WithMessage("`validation_steps=None` is only valid*").And.ParamName.Should().Be("validation_steps");
    }

    [Fact]
    public void Bottleneck_features_from_flow_from_directory_without_classes()
    {
        var root = Directory.CreateTempSubdirectory("kerassharp-bottleneck");
        try
        {
            for (int i = 0; i < 5; i++)
            {
                Directory.CreateDirectory(Path.Combine(root.FullName, "all"));
                using var bitmap = new SKBitmap(new SKImageInfo(2, 2, SKColorType.Rgba8888, SKAlphaType.Unpremul));
                bitmap.Erase(new SKColor((byte)(40 * i), 10, 200));
                using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
                File.WriteAllBytes(Path.Combine(root.FullName, "all", $"{i}.png"), data.ToArray());
            }
            var generator = new ImageDataGenerator(rescale: 1.0 / 255).FlowFromDirectory(
                root.FullName, target_size: (2, 2), batch_size: 2, class_mode: null, shuffle: false);
            KerasBackend.SetSeed(4);
            var model = new Sequential();
            model.Add(new Flatten(input_shape: (2, 2, 3)));
            model.Add(new Dense(2));

            var features = model.PredictGenerator(generator, 5 / 2 + 1);

            features.shape.Should().Equal(5, 2);
            var images = cat(Enumerable.Range(0, 3).Select(i => generator.GetItem(i).x).ToArray(), 0);
            images[.., 0, 0, 0].data<float>().ToArray().Should().Equal(new[] { 0f, 40, 80, 120, 160 }.Select(v => v / 255f), (a, e) => Math.Abs(a - e) < 1e-6, "the five files in name order, rescaled");
            Tensors.Values(features).Should().Equal(Tensors.Values(model.Predict(images)));
            var (first, noTargets) = generator.First();
            first.shape.Should().Equal(2, 2, 2, 3);
            noTargets.shape.Should().Equal(2, 0);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public void Keras_1_keywords_are_converted_with_Keras_warnings()
    {
        var model = Model();
        KerasSharp.Callbacks.History? history = null;
        var warnings = StandardError.Capture(() => history = model.FitGenerator(new ArraySequence(X, Y), samples_per_epoch: 8, nb_epoch: 2, verbose: 0,
                                                                 validation_data: new ArraySequence(X, Y), nb_val_samples: 1));
        history!.Epoch.Should().Equal(0, 1);
        warnings.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal(
            "UserWarning: The semantics of the Keras 2 argument `steps_per_epoch` is not the same as the Keras 1 argument `samples_per_epoch`. `steps_per_epoch` is the number of batches to draw from the generator at each epoch. Basically steps_per_epoch = samples_per_epoch/batch_size. Similarly `nb_val_samples`->`validation_steps` and `val_samples`->`steps` arguments have changed. Update your method calls accordingly.",
            "UserWarning: Update your `fit_generator` call to the Keras 2 API: `fit_generator(<generator>, steps_per_epoch=2, epochs=2, validation_steps=1)`");

        var steps = 0;
        StandardError.Capture(() => model.FitGenerator(new ArraySequence(X, Y), samples_per_epoch: 8, verbose: 0,
                                        callbacks: [new KerasSharp.Callbacks.LambdaCallback(on_batch_end: (_, _) => steps++)]));
        steps.Should().Be(2, "samples_per_epoch=8 over batches of 4 is 2 steps, as Keras divides by the generator's batch_size");

        StandardError.Capture(() => model.Fit(X, Y, nb_epoch: 3, verbose: 0)).Trim().Should().Be("UserWarning: The `nb_epoch` argument in `fit` has been renamed `epochs`.");
        var evaluated = Array.Empty<double>();
        StandardError.Capture(() => evaluated = model.EvaluateGenerator(Endless(X, Y), val_samples: 3, pickle_safe: false)).Should().Contain(
            "UserWarning: Update your `evaluate_generator` call to the Keras 2 API: `evaluate_generator(<generator>, steps=3, use_multiprocessing=False)`");
        evaluated.Should().Equal(model.Evaluate(X, Y, batch_size: 4, verbose: 0), (a, e) => Math.Abs(a - e) < 1e-6);
    }

    [Fact]
    public void A_Keras_1_keyword_beside_its_Keras_2_name_is_Keras_error()
    {
        var act = () => Model().FitGenerator(new ArraySequence(X, Y), steps_per_epoch: 2, samples_per_epoch: 8, verbose: 0);
        act.Should().Throw<ArgumentException>().WithMessage(
            "For the `steps_per_epoch` argument, the layer received both the legacy keyword argument `samples_per_epoch` and the Keras 2 keyword argument `steps_per_epoch`. Stick to the latter!*");
    }
}
