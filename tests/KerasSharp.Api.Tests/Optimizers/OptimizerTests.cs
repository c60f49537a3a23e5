using System;
using FluentAssertions;
using KerasSharp.Optimizers;
using Xunit;

namespace KerasSharp.Tests.Optimizers;

public sealed class OptimizerTests
{
    [Fact]
    public void Keras2_defaults_not_torch_defaults()
    {
        var rms = new RMSprop();
        rms.LearningRate.Should().Be(0.001);
        rms.Rho.Should().Be(0.9);
        rms.Epsilon.Should().Be(1e-7);
        new SGD().LearningRate.Should().Be(0.01);
        new Adam().Epsilon.Should().Be(1e-7);
        new Adadelta().LearningRate.Should().Be(1.0);
        new Adamax().LearningRate.Should().Be(0.002);
        new Nadam().LearningRate.Should().Be(0.002);
        new Adagrad().LearningRate.Should().Be(0.01);
    }

    [Fact]
    public void Tutorial_rmsprop_line_ports_with_legacy_names()
    {
        // keras.optimizers.rmsprop(lr=0.001, decay=1e-6)
        var opt = new RMSprop(lr: 0.001, decay: 1e-6);
        opt.LearningRate.Should().Be(0.001);
        opt.InitialDecay.Should().Be(1e-6);
    }

    [Theory]
    [InlineData("sgd", typeof(SGD))]
    [InlineData("rmsprop", typeof(RMSprop))]
    [InlineData("adam", typeof(Adam))]
    [InlineData("adagrad", typeof(Adagrad))]
    [InlineData("adadelta", typeof(Adadelta))]
    [InlineData("adamax", typeof(Adamax))]
    [InlineData("nadam", typeof(Nadam))]
    public void String_names_resolve(string name, Type type) => Optimizer.Get(name).Should().BeOfType(type);

    [Fact]
    public void Unknown_name_is_named_in_the_error()
    {
        var act = () => Optimizer.Get("rmsprp");
        act.Should().Throw<ArgumentException>().WithMessage("*'rmsprp'*").And.ParamName.Should().Be("optimizer");
    }

    [Fact]
    public void Decay_follows_lr_over_one_plus_decay_times_iterations()
    {
        var opt = new SGD(learning_rate: 0.1, decay: 0.5);
        opt.CurrentLearningRate.Should().Be(0.1);
        opt.Iterations = 4;
        opt.CurrentLearningRate.Should().BeApproximately(0.1 / (1 + 0.5 * 4), 1e-15);
    }

    [Fact]
    public void Conflicting_lr_and_learning_rate_are_refused()
    {
        var act = () => new RMSprop(learning_rate: 0.01, lr: 0.001);
        act.Should().Throw<ArgumentException>().WithMessage("*learning_rate=0.01*lr=0.001*");
    }
}
