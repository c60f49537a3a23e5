using System;
using FluentAssertions;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Tests.Harness;
using Xunit;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Models;

/// <summary>Bad input fails with an exception that names the argument and the value received.</summary>
public sealed class BadInputTests
{
    private static Sequential SmallConvModel()
    {
        var model = new Sequential();
        model.Add(new Conv2D(2, (3, 3), input_shape: (8, 8, 3)));
        model.Add(new Flatten());
        model.Add(new Dense(2, activation: "softmax"));
        model.Compile("sgd", "categorical_crossentropy");
        return model;
    }

    [Fact]
    public void Wrong_input_rank_names_the_input_and_shape()
    {
        var act = () => SmallConvModel().Predict(zeros(4, 8, 8));
        act.Should().Throw<ArgumentException>()
           .WithMessage("Error when checking input: expected conv2d_*_input to have 4 dimensions, but got array with shape (4, 8, 8)*")
           .And.ParamName.Should().Be("x");
    }

    [Fact]
    public void Wrong_input_size_names_both_shapes()
    {
        var act = () => SmallConvModel().Predict(zeros(4, 8, 8, 1));
        act.Should().Throw<ArgumentException>().WithMessage("*to have shape (8, 8, 3) but got array with shape (8, 8, 1)*");
    }

    [Fact]
    public void Unknown_activation_is_named()
    {
        var act = () => new Dense(3, activation: "eluu");
        act.Should().Throw<ArgumentException>().WithMessage("Unknown activation function: 'eluu'*").And.ParamName.Should().Be("activation");
    }

    [Fact]
    public void Unknown_optimizer_and_loss_strings_are_named_at_compile()
    {
        var model = SmallConvModel();
        FluentActions.Invoking(() => model.Compile("rmsprob", "mse")).Should().Throw<ArgumentException>().WithMessage("*'rmsprob'*");
        FluentActions.Invoking(() => model.Compile("sgd", "mse_typo")).Should().Throw<ArgumentException>().WithMessage("*'mse_typo'*");
        FluentActions.Invoking(() => model.Compile("sgd", "mse", ["acuracy"])).Should().Throw<ArgumentException>().WithMessage("*'acuracy'*");
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(1.5)]
    public void Dropout_rate_outside_0_1_is_refused(double rate)
    {
        var act = () => new Dropout(rate);
        act.Should().Throw<ArgumentException>().WithMessage($"*rate={rate.ToString(System.Globalization.CultureInfo.InvariantCulture)}*").And.ParamName.Should().Be("rate");
    }

    [Fact]
    public void Kernel_larger_than_input_names_the_kernel_and_input()
    {
        // Built on Add as in Keras 2, so the error comes at once.
        FluentActions.Invoking(() => new Sequential().Add(new Conv2D(2, (5, 5), input_shape: (4, 4, 1))))
            .Should().Throw<KerasException>().WithMessage("*kernel_size=(5, 5)*(None, 4, 4, 1)*");
    }

    [Fact]
    public void X_and_y_of_different_lengths_are_refused()
    {
        var act = () => SmallConvModel().Fit(zeros(10, 8, 8, 3), zeros(9, 2), verbose: 0);
        act.Should().Throw<ArgumentException>().WithMessage("*Found 10 input samples and 9 target samples.*").And.ParamName.Should().Be("y");
    }

    [Fact]
    public void Layer_incompatible_with_previous_output_is_refused_on_Add()
    {
        var model = new Sequential();
        model.Add(new Dense(4, input_shape: 3));
        var act = () => model.Add(new Conv2D(2, (3, 3)));
        act.Should().Throw<KerasException>().WithMessage("Input 0 is incompatible with layer conv2d_*: expected ndim=4, found ndim=2*");
    }

    [Fact]
    public void Invalid_padding_and_kernel_size_are_named()
    {
        FluentActions.Invoking(() => new Conv2D(2, (3, 3), padding: "sme")).Should().Throw<ArgumentException>()
            .WithMessage("*padding=*'sme'*").And.ParamName.Should().Be("padding");
        FluentActions.Invoking(() => new Conv2D(2, (0, 3))).Should().Throw<ArgumentException>()
            .WithMessage("*kernel_size=(0, 3)*").And.ParamName.Should().Be("kernel_size");
        FluentActions.Invoking(() => new Conv2D(0, 3)).Should().Throw<ArgumentException>().And.ParamName.Should().Be("filters");
    }

    [Fact]
    public void Training_before_compile_says_so()
    {
        var model = new Sequential();
        model.Add(new Dense(1, input_shape: 2));
        FluentActions.Invoking(() => model.Fit(zeros(2, 2), zeros(2, 1), verbose: 0))
            .Should().Throw<KerasException>().WithMessage("You must compile your model before training/testing*");
    }

    [Fact]
    public void Pool_size_larger_than_an_unknown_sized_input_is_named_before_libtorch()
    {
        var model = new Sequential();
        model.Add(new Conv2D(2, (1, 1), input_shape: new Shape(null, null, 1)));
        model.Add(new MaxPooling2D(pool_size: (3, 3)));
        model.Add(new GlobalAveragePooling2D());
        model.Compile("sgd", "mse");
        var act = () => model.Predict(zeros(2, 2, 2, 1));
        act.Should().Throw<KerasException>()
            .WithMessage("Layer max_pooling2d_*: pool_size=(3, 3) with padding='valid' does not fit the input of shape (2, 2, 2, 2): negative dimension size caused by subtracting 3 from 2.");
        var average = new AveragePooling2D(pool_size: (4, 4));
        FluentActions.Invoking(() => average.Apply(zeros(1, 3, 5, 2))).Should().Throw<KerasException>().WithMessage("*pool_size=(4, 4)*subtracting 4 from 3*");
    }

    [Fact]
    public void Fit_and_Evaluate_on_no_samples_say_so()
    {
        var model = SmallConvModel();
        FluentActions.Invoking(() => model.Fit(zeros(0, 8, 8, 3), zeros(0, 2), verbose: 1)).Should().Throw<ArgumentException>()
            .WithMessage("Expect x to be a non-empty array or dataset. Received: x with shape (0, 8, 8, 3)*").And.ParamName.Should().Be("x");
        FluentActions.Invoking(() => model.Evaluate(zeros(0, 8, 8, 3), zeros(0, 2), verbose: 1)).Should().Throw<ArgumentException>()
            .WithMessage("Expect x to be a non-empty array*");
        FluentActions.Invoking(() => model.Fit(zeros(4, 8, 8, 3), zeros(4, 2), validation_data: (zeros(0, 8, 8, 3), zeros(0, 2)), verbose: 0))
            .Should().Throw<ArgumentException>().WithMessage("Expect validation_data to be a non-empty array*");
    }

    [Fact]
    public void A_validation_split_that_leaves_no_training_samples_says_so()
    {
        var act = () => SmallConvModel().Fit(zeros(5, 8, 8, 3), zeros(5, 2), validation_split: 0.9, verbose: 1);
        act.Should().Throw<ArgumentException>()
            .WithMessage("Training data contains 5 samples, which is not sufficient to split it into a validation and training set as specified by `validation_split=0.9`. Either provide more data, or a different value for the `validation_split` argument.*")
            .And.ParamName.Should().Be("validation_split");
    }

    [Fact]
    public void Predict_on_no_samples_is_an_empty_result_and_on_null_an_argument_error()
    {
        var model = SmallConvModel();
        using var empty = model.Predict(zeros(0, 8, 8, 3), verbose: 1);
        empty.shape.Should().Equal(0, 2);
        FluentActions.Invoking(() => model.Predict((Tensor)null!)).Should().Throw<ArgumentNullException>().And.ParamName.Should().Be("x");
        FluentActions.Invoking(() => model.Fit((Tensor)null!, zeros(2, 2), verbose: 0)).Should().Throw<ArgumentNullException>().And.ParamName.Should().Be("x");
        FluentActions.Invoking(() => model.Fit(zeros(2, 8, 8, 3), (Tensor)null!, verbose: 0)).Should().Throw<ArgumentNullException>().And.ParamName.Should().Be("y");
    }

    [Fact]
    public void A_negative_initial_epoch_is_refused()
    {
        var act = () => SmallConvModel().Fit(zeros(4, 8, 8, 3), zeros(4, 2), epochs: 1, initial_epoch: -1, verbose: 0);
        act.Should().Throw<ArgumentException>().WithMessage("`initial_epoch` must be >= 0. Received: initial_epoch=-1*")
            .And.ParamName.Should().Be("initial_epoch");
    }

    [Fact]
    public void Set_weights_with_a_wrong_shape_changes_nothing()
    {
        var model = SmallConvModel();
        var before = model.GetWeights();
        var bad = model.GetWeights();
        bad[2] = zeros(10, 3);
        FluentActions.Invoking(() => model.SetWeights(bad)).Should().Throw<ArgumentException>().WithMessage("*(72, 2)*(10, 3)*");
        for (int i = 0; i < before.Length; i++) Tensors.Values(model.GetWeights()[i]).Should().Equal(Tensors.Values(before[i]));
    }
}
