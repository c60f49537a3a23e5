using System;
using System.Linq;
using FluentAssertions;
using KerasSharp.Backend;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Tests.Harness;
using Xunit;
using static KerasSharp.Layers.LayerFunctions;
using static TorchSharp.torch;
using K = KerasSharp.Backend.KerasBackend;

namespace KerasSharp.Tests.Backend;

/// <summary>
/// <c>K.function</c>, <c>K.learning_phase</c> and <c>K.gradients</c>: outputs equal to Predict, Dropout on when the
/// phase is fed 1, and gradients checked against hand-derived formulas and central finite differences.
/// </summary>
public sealed class KerasFunctionTests
{
    [Fact]
    public void A_function_computes_what_predict_computes_and_the_learning_phase_turns_dropout_on()
    {
        K.SetSeed(2);
        var x = Input(shape: 4);
        var hidden = new Dense(16, activation: "tanh").Apply(x);
        var dropped = new Dropout(0.5).Apply(hidden);
        var model = new Model(x, new Dense(2).Apply(dropped));
        using var data = randn(5, 4);

        var f = K.Function([model.Input], [model.Output]);
        Tensors.Values(f([data])[0]).Should().Equal(Tensors.Values(model.Predict(data)));

        var g = K.Function([model.Input, K.LearningPhase()], [hidden, dropped]);
        var (h, test) = g([data, 0]);
        Tensors.Values(test).Should().Equal(Tensors.Values(h), "phase 0: Dropout is the identity");
        var (_, train) = g([data, 1]);
        var (kept, values) = (Tensors.Values(train), Tensors.Values(h));
        for (int i = 0; i < kept.Length; i++)
            (kept[i] == 0 || kept[i] == values[i] * 2).Should().BeTrue("phase 1: each unit is dropped, or kept and scaled by 1 / (1 - 0.5)");
        kept.Count(v => v == 0).Should().BeInRange(15, 65, "about half of the 80 units are dropped");
    }

    [Fact]
    public void Gradients_of_a_linear_model_follow_the_hand_derived_formulas()
    {
        K.SetSeed(3);
        var x = Input(shape: 3);
        var dense = new Dense(2);
        var model = new Model(x, dense.Apply(x));
        var loss = K.Sum(K.Square(model.Output));
        var byInput = K.Gradients(loss, model.Input)[0];
        var byWeights = K.Gradients(loss, dense.TrainableWeights);
        byInput.Shape.Should().Be(new Shape(null, 3));
        byWeights.Select(g => g.Shape).Should().Equal(new Shape(3, 2), new Shape(2));

        var f = K.Function([model.Input], [loss, byInput, byWeights[0], byWeights[1]]);
        using var data = randn(4, 3);
        var (l, dx, dw, db) = f([data]);

        // loss = Σ y², y = x·W + b: dL/dx = 2y·Wᵀ, dL/dW = 2xᵀ·y, dL/db = 2 Σ_rows y.
        var w = dense.GetWeights();
        using var y = data.matmul(w[0]) + w[1];
        l.item<float>().Should().BeApproximately(y.square().sum().item<float>(), 1e-5f);
        Close(dx, 2 * y.matmul(w[0].t()));
        Close(dw, 2 * data.t().matmul(y));
        Close(db, 2 * y.sum(dim: 0));
    }

    [Fact]
    public void Gradients_of_a_nonlinear_model_match_central_differences()
    {
        K.SetSeed(4);
        var x = Input(shape: 3);
        var first = new Dense(4, activation: "tanh");
        var model = new Model(x, new Dense(1, activation: "sigmoid").Apply(first.Apply(x)));
        var loss = K.Mean(K.Square(model.Output - 0.25));
        var kernel = first.Weights[0];
        var grads = K.Gradients(loss, model.Input).Concat(K.Gradients(loss, [kernel])).ToArray();
        var f = K.Function([model.Input], [loss, grads[0], grads[1]]);
        using var data = randn(2, 3);
        var (_, dx, dw) = f([data]);

        double Loss(Tensor x) => (model.Predict(x) - 0.25).square().mean().item<float>();
        Close(dx, Differences(data, Loss), 2e-3);
        var w = K.GetValue(kernel);
        Close(dw, Differences(w, v => { K.SetValue(kernel, v); return Loss(data); }), 2e-3);
        K.SetValue(kernel, w);
    }

    [Fact]
    public void Gradients_by_a_layer_output_and_by_a_frozen_layer_weight()
    {
        K.SetSeed(5);
        var x = Input(shape: 3);
        var frozen = new Dense(3) { Trainable = false };
        var hidden = frozen.Apply(x);
        var dense = new Dense(1);
        var loss = K.Sum(dense.Apply(hidden));
        var byHidden = K.Gradients(loss, hidden)[0];
        var byFrozen = K.Gradients(loss, [frozen.Weights[0]])[0];
        // Deep dream's normalisation of a gradient, computed in the graph.
        var normalized = byHidden / (K.Sqrt(K.Mean(K.Square(byHidden))) + 1e-5);
        var f = K.Function([x], [byHidden, byFrozen, normalized]);
        using var data = randn(5, 3);
        var (dh, dw, dn) = f([data]);

        // loss = Σ_rows (h·w + b), h = x·W + c: dL/dh = wᵀ on every row, dL/dW = (Σ_rows x) ⊗ w.
        using var w = dense.GetWeights()[0].reshape(3);
        Close(dh, w.expand(5, 3));
        Close(dw, data.sum(dim: 0).unsqueeze(1) * w.unsqueeze(0));
        Close(dn, w.expand(5, 3) / (w.square().mean().sqrt() + 1e-5));

        var bn = new BatchNormalization();
        var statistics = () => K.Gradients(K.Sum(bn.Apply(x)), [bn.Weights.Single(v => v.Name == "moving_mean")]);
        statistics.Should().Throw<ArgumentException>().Where(e => e.ParamName == "variables").WithMessage("*moving_mean*not trainable*");
    }

    [Fact]
    public void Gradients_need_a_path_and_a_function()
    {
        var (x, other) = (Input(shape: 2), Input(shape: 2));
        var loss = K.Sum(new Dense(1).Apply(x));
        var unconnected = () => K.Gradients(loss, other);
        unconnected.Should().Throw<ArgumentException>().Where(e => e.ParamName == "variables").WithMessage("*does not depend on variables[0]*");
        var weight = () => K.Gradients(loss, new Dense(1).Apply(other).Layer.Weights);
        weight.Should().Throw<ArgumentException>().Where(e => e.ParamName == "variables").WithMessage("*dense_*/kernel:0*");

        var grads = K.Gradients(loss, x)[0];
        var model = new Model(x, grads);
        var predict = () => model.Predict(ones(1, 2));
        predict.Should().Throw<KerasException>().WithMessage("*computed by a K.Function*");
        var stopped = K.Function([x], K.Gradients(K.Sum(K.StopGradient(x)), x));
        Tensors.Values(stopped([ones(1, 2)])[0]).Should().Equal(0f, 0f);
    }

    [Fact]
    public void A_function_checks_what_it_is_fed()
    {
        var x = Input(shape: 3);
        var f = K.Function([x, K.LearningPhase()], [new Dense(2).Apply(x)]);
        var count = () => f([ones(2, 3)]);
        count.Should().Throw<ArgumentException>().Where(e => e.ParamName == "inputs").WithMessage("*takes 2 input tensors*received 1*");
        var shape = () => f([ones(2, 4), 0]);
        shape.Should().Throw<ArgumentException>().Where(e => e.ParamName == "inputs").WithMessage("*shape (2, 4)*inputs[0]*(None, 3)*");
        var phase = () => f([ones(2, 3), 2]);
        phase.Should().Throw<ArgumentException>().Where(e => e.ParamName == "inputs").WithMessage("*fed 0 or 1*holding 2*");
        var notInput = () => K.Function([K.Square(x)], [x]);
        notInput.Should().Throw<ArgumentException>().Where(e => e.ParamName == "inputs").WithMessage("*inputs[0]*square_*");
    }

    [Fact]
    public void Clear_session_makes_a_new_learning_phase()
    {
        var phase = K.LearningPhase();
        K.LearningPhase().Should().BeSameAs(phase);
        phase.Shape.Should().Be(new Shape());
        K.ClearSession();
        K.LearningPhase().Should().NotBeSameAs(phase);
    }

    /// <summary>Central differences (step 1e-2) of a scalar function at <paramref name="at"/>, element by element.</summary>
    private static Tensor Differences(Tensor at, Func<Tensor, double> loss)
    {
        const float h = 1e-2f;
        var values = Tensors.Values(at);
        double At(int i, float step)
        {
            var moved = (float[])values.Clone();
            moved[i] += step;
            using var point = tensor(moved, at.shape);
            return loss(point);
        }
        var result = values.Select((_, i) => (float)((At(i, h) - At(i, -h)) / (2 * h))).ToArray();
        return tensor(result, at.shape);
    }

    private static void Close(Tensor actual, Tensor expected, double tolerance = 1e-5)
    {
        actual.shape.Should().Equal(expected.shape);
        var (a, e) = (Tensors.Values(actual), Tensors.Values(expected));
        for (int i = 0; i < e.Length; i++) a[i].Should().BeApproximately(e[i], (float)(tolerance * (1 + Math.Abs(e[i]))), $"element {i}");
    }
}
