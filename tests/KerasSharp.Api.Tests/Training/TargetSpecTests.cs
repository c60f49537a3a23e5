using System;
using FluentAssertions;
using KerasSharp.Layers;
using KerasSharp.Losses;
using KerasSharp.Models;
using Xunit;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Training;

/// <summary>
/// Targets standardised as Keras 2.2.4's <c>_standardize_user_data</c> does (engine/training.py, training_utils.py):
/// rank 1 becomes (n, 1), shapes checked against the output (sparse losses expect (..., 1), user losses nothing), in
/// Keras's words; sparse labels must be integers within range.
/// </summary>
public sealed class TargetSpecTests
{
    private static Sequential Model(int units, string activation = "sigmoid")
    {
        var model = new Sequential();
        model.Add(new Dense(units, activation: activation, input_shape: 3, name: "out"));
        return model;
    }

    private sealed class ShapeRecordingLoss : Loss
    {
        public long[]? SeenTrue, SeenPred;
        public override string Name => "recording";

        protected override Tensor Compute(Tensor y_true, Tensor y_pred)
        {
            (SeenTrue, SeenPred) = (y_true.shape, y_pred.shape);
            return (y_true - y_pred).square().mean(new long[] { -1 });
        }
    }

    [Fact]
    public void Labels_of_shape_n_fit_an_n_by_1_output_with_the_same_loss()
    {
        var model = Model(1);
        model.Compile("sgd", "binary_crossentropy");
        using var x = rand(8, 3);
        using var flat = tensor(new float[] { 1, 0, 1, 1, 0, 0, 1, 0 });
        var asIs = model.Evaluate(x, flat, verbose: 0)[0];
        var column = model.Evaluate(x, flat.reshape(8, 1), verbose: 0)[0];
        asIs.Should().Be(column);
        model.TrainOnBatch(x, flat)[0].Should().Be(column);
        model.Fit(x, flat, batch_size: 4, epochs: 1, verbose: 0).Values["loss"].Should().HaveCount(1);
    }

    [Fact]
    public void A_user_loss_sees_the_targets_at_the_output_rank_as_in_Keras()
    {
        var model = Model(1);
        var loss = new ShapeRecordingLoss();
        model.Compile("sgd", loss);
        model.TrainOnBatch(rand(5, 3), rand(5));
        loss.SeenTrue.Should().Equal(5, 1);
        loss.SeenPred.Should().Equal(5, 1);
    }

    [Fact]
    public void A_user_loss_gets_no_shape_check_as_in_Keras()
    {
        // Keras 2.2.4 makes "no assumptions" about a loss outside keras.losses: (5, 1) targets for a (5, 2) output
        // reach the loss, which broadcasts them.
        var model = Model(2);
        var loss = new ShapeRecordingLoss();
        model.Compile("sgd", loss);
        model.TrainOnBatch(rand(5, 3), rand(5, 1));
        loss.SeenTrue.Should().Equal(5, 1);
    }

    [Fact]
    public void A_target_of_the_wrong_width_is_named_in_Keras_words()
    {
        var model = Model(5, "softmax");
        model.Compile("sgd", "categorical_crossentropy");
        var act = () => model.Fit(rand(4, 3), rand(4, 3), verbose: 0);
        act.Should().Throw<ArgumentException>()
            .WithMessage("Error when checking target: expected out to have shape (5,) but got array with shape (3,)*")
            .And.ParamName.Should().Be("y");
        FluentActions.Invoking(() => model.TrainOnBatch(rand(4, 3), rand(4, 3))).Should().Throw<ArgumentException>().WithMessage("Error when checking target*");
        FluentActions.Invoking(() => model.Evaluate(rand(4, 3), rand(4, 3), verbose: 0)).Should().Throw<ArgumentException>().WithMessage("Error when checking target*");
    }

    [Fact]
    public void A_target_of_the_wrong_rank_is_named_in_Keras_words()
    {
        var model = Model(5, "softmax");
        model.Compile("sgd", "categorical_crossentropy");
        var act = () => model.Fit(rand(4, 3), rand(4, 5, 1), verbose: 0);
        act.Should().Throw<ArgumentException>()
            .WithMessage("Error when checking target: expected out to have 2 dimensions, but got array with shape (4, 5, 1)*");
    }

    [Fact]
    public void Sparse_labels_may_be_n_or_n_by_1()
    {
        var model = Model(4, "softmax");
        model.Compile("sgd", "sparse_categorical_crossentropy", ["accuracy"]);
        using var x = rand(6, 3);
        using var labels = tensor(new long[] { 0, 3, 2, 1, 1, 0 });
        model.Evaluate(x, labels, verbose: 0).Should().Equal(model.Evaluate(x, labels.reshape(6, 1), verbose: 0));
        FluentActions.Invoking(() => model.Evaluate(x, rand(6, 4), verbose: 0)).Should().Throw<ArgumentException>()
            .WithMessage("Error when checking target: expected out to have shape (1,) but got array with shape (4,)*");
    }

    [Fact]
    public void A_sparse_label_out_of_range_is_named_with_its_place()
    {
        var model = Model(10, "softmax");
        model.Compile("sgd", "sparse_categorical_crossentropy");
        var act = () => model.Fit(rand(4, 3), tensor(new long[] { 1, 9, 10, 2 }), verbose: 0);
        act.Should().Throw<ArgumentException>()
            .WithMessage("Received a label value of 10 which is outside the valid range of [0, 10) (y[2, 0]; loss `sparse_categorical_crossentropy`, output out has 10 classes).*")
            .And.ParamName.Should().Be("y");
        FluentActions.Invoking(() => model.TrainOnBatch(rand(2, 3), tensor(new long[] { -1, 0 }))).Should().Throw<ArgumentException>()
            .WithMessage("Received a label value of -1 which is outside*");
    }

    [Fact]
    public void A_non_integer_sparse_label_is_refused_not_truncated()
    {
        var model = Model(10, "softmax");
        model.Compile("sgd", "sparse_categorical_crossentropy");
        var act = () => model.Evaluate(rand(3, 3), tensor(new float[] { 1, 2.7f, 3 }), verbose: 0);
        act.Should().Throw<ArgumentException>().WithMessage("Received a label value of 2.7* which is not an integer (y[1, 0])*");
    }

    [Fact]
    public void Generator_targets_are_checked_batch_by_batch()
    {
        var model = Model(10, "softmax");
        model.Compile("sgd", "sparse_categorical_crossentropy");
        var batches = new[] { (rand(2, 3), tensor(new long[] { 1, 2 })), (rand(2, 3), tensor(new long[] { 3, 12 })) };
        var act = () => model.FitGenerator(batches, steps_per_epoch: 2, verbose: 0);
        act.Should().Throw<ArgumentException>().WithMessage("Received a label value of 12 which is outside*");
    }
}
