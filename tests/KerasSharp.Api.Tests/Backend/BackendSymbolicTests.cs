using System;
using System.Collections.Generic;
using System.Linq;
using FluentAssertions;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Saving;
using KerasSharp.Tests.Harness;
using Xunit;
using static KerasSharp.Layers.LayerFunctions;
using static TorchSharp.torch;
using K = KerasSharp.Backend.KerasBackend;

namespace KerasSharp.Tests.Backend;

/// <summary>
/// Every backend function recorded on symbolic tensors: a model whose output applies it to its inputs computes what
/// the eager function (checked against Keras in <see cref="BackendGoldenTests"/>) computes on the same data, and so
/// does the model read back from its JSON.
/// </summary>
public sealed class BackendSymbolicTests
{
    private sealed record Case(Shape[] Inputs, Func<KerasTensor[], KerasTensor> Symbolic, Func<Tensor[], Tensor> Eager);

    private static readonly Shape Matrix = (3, 4);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        // Reductions.
        ["mean"] = One(x => K.Mean(x, axis: 1), x => K.Mean(x, axis: 1)),
        ["mean_all"] = One(x => K.Mean(x), x => K.Mean(x)),
        ["sum"] = One(x => K.Sum(x, axis: (1, 2), keepdims: true), x => K.Sum(x, axis: (1, 2), keepdims: true)),
        ["max"] = One(x => K.Max(x, axis: -1), x => K.Max(x, axis: -1)),
        ["min"] = One(x => K.Min(x, axis: 1, keepdims: true), x => K.Min(x, axis: 1, keepdims: true)),
        ["prod"] = One(x => K.Prod(x, axis: (1, 2)), x => K.Prod(x, axis: (1, 2))),
        ["var"] = One(x => K.Var(x, axis: 1), x => K.Var(x, axis: 1)),
        ["std"] = One(x => K.Std(x, axis: -1), x => K.Std(x, axis: -1)),
        ["argmax"] = One(x => K.Argmax(x), x => K.Argmax(x)),
        ["argmin"] = One(x => K.Argmin(x, axis: 1), x => K.Argmin(x, axis: 1)),
        // Element-wise math.
        ["square"] = One(K.Square, K.Square),
        ["sqrt"] = One(K.Sqrt, K.Sqrt),
        ["abs"] = One(K.Abs, K.Abs),
        ["exp"] = One(K.Exp, K.Exp),
        ["log"] = One(x => K.Log(K.Abs(x) + 1), x => K.Log(x.abs() + 1)),
        ["sign"] = One(K.Sign, K.Sign),
        ["pow"] = One(x => K.Pow(x, 3), x => K.Pow(x, 3)),
        ["clip"] = One(x => K.Clip(x, -0.5, 0.5), x => K.Clip(x, -0.5, 0.5)),
        ["cast"] = One(x => K.Cast(x * 3, "int32"), x => K.Cast(x * 3, "int32")),
        ["maximum"] = Two(K.Maximum, K.Maximum),
        ["minimum_number"] = One(x => K.Minimum(x, 0.25), x => K.Minimum(x, 0.25)),
        // Comparisons.
        ["equal"] = One(x => K.Equal(K.Sign(x), 1), x => K.Equal(K.Sign(x), 1)),
        ["not_equal"] = Two(K.NotEqual, K.NotEqual),
        ["greater"] = Two(K.Greater, K.Greater),
        ["greater_equal"] = One(x => K.GreaterEqual(x, 0), x => K.GreaterEqual(x, 0)),
        ["less"] = Two(K.Less, K.Less),
        ["less_equal"] = One(x => K.LessEqual(x, 0.5), x => K.LessEqual(x, 0.5)),
        // Products.
        ["dot"] = new([Matrix, (4, 2)], x => K.Dot(x[0], x[1]), x => K.Dot(x[0], x[1])),
        ["batch_dot"] = new([Matrix, (4, 5)], x => K.BatchDot(x[0], x[1], axes: (2, 1)), x => K.BatchDot(x[0], x[1], axes: (2, 1))),
        ["l2_normalize"] = One(x => K.L2Normalize(x, axis: -1), x => K.L2Normalize(x, axis: -1)),
        ["transpose"] = One(K.Transpose, K.Transpose),
        // Shapes.
        ["shape"] = One(K.Shape, K.Shape),
        ["reshape"] = One(x => K.Reshape(x, (-1, 12)), x => K.Reshape(x, (-1, 12))),
        ["permute_dimensions"] = One(x => K.PermuteDimensions(x, (0, 2, 1)), x => K.PermuteDimensions(x, (0, 2, 1))),
        ["expand_dims"] = One(x => K.ExpandDims(x, 1), x => K.ExpandDims(x, 1)),
        ["squeeze"] = new([(1, 4)], x => K.Squeeze(x[0], 1), x => K.Squeeze(x[0], 1)),
        ["concatenate"] = Two(x => K.Concatenate([x[0], x[1]], axis: 1), x => K.Concatenate([x[0], x[1]], axis: 1)),
        ["stack"] = Two(x => K.Stack([x[0], x[1]], axis: 1), x => K.Stack([x[0], x[1]], axis: 1)),
        ["flatten"] = One(K.Flatten, K.Flatten),
        ["batch_flatten"] = One(K.BatchFlatten, K.BatchFlatten),
        ["repeat_elements"] = One(x => K.RepeatElements(x, 2, axis: 1), x => K.RepeatElements(x, 2, axis: 1)),
        ["tile"] = One(x => K.Tile(x, (1, 2, 1)), x => K.Tile(x, (1, 2, 1))),
        ["one_hot"] = One(x => K.OneHot(K.Argmax(x), 5), x => K.OneHot(K.Argmax(x), 5)),
        ["gather"] = Two(x => K.Gather(x[0], K.Argmax(x[1], axis: 0)), x => K.Gather(x[0], K.Argmax(x[1], axis: 0))),
        // Activations.
        ["softmax"] = One(x => K.Softmax(x, axis: 1), x => K.Softmax(x, axis: 1)),
        ["relu"] = One(x => K.Relu(x, alpha: 0.1, max_value: 0.5, threshold: 0.2), x => K.Relu(x, alpha: 0.1, max_value: 0.5, threshold: 0.2)),
        ["elu"] = One(x => K.Elu(x, 0.5), x => K.Elu(x, 0.5)),
        ["sigmoid"] = One(K.Sigmoid, K.Sigmoid),
        ["hard_sigmoid"] = One(x => K.HardSigmoid(x * 4), x => K.HardSigmoid(x * 4)),
        ["tanh"] = One(K.Tanh, K.Tanh),
        ["softplus"] = One(K.Softplus, K.Softplus),
        ["softsign"] = One(K.Softsign, K.Softsign),
        // Losses.
        ["categorical_crossentropy"] = Two(x => K.CategoricalCrossentropy(K.Softmax(x[1]), K.Softmax(x[0])), x => K.CategoricalCrossentropy(K.Softmax(x[1]), K.Softmax(x[0]))),
        ["categorical_crossentropy_logits"] = Two(x => K.CategoricalCrossentropy(K.Softmax(x[1]), x[0], from_logits: true), x => K.CategoricalCrossentropy(K.Softmax(x[1]), x[0], from_logits: true)),
        ["sparse_categorical_crossentropy"] = Two(x => K.SparseCategoricalCrossentropy(K.Argmax(x[1]), K.Softmax(x[0])), x => K.SparseCategoricalCrossentropy(K.Argmax(x[1]), K.Softmax(x[0]))),
        ["binary_crossentropy"] = Two(x => K.BinaryCrossentropy(K.Sigmoid(x[1]), K.Sigmoid(x[0])), x => K.BinaryCrossentropy(K.Sigmoid(x[1]), K.Sigmoid(x[0]))),
        // Made from tensors, and graph functions.
        ["zeros_like"] = One(x => K.ZerosLike(x), x => K.ZerosLike(x)),
        ["ones_like"] = One(x => K.OnesLike(x, dtype: "int32"), x => K.OnesLike(x, dtype: "int32")),
        ["random_normal"] = One(x => K.RandomNormal(K.Shape(x), mean: 1, stddev: 2, seed: 3), x => K.RandomNormal(x.shape, mean: 1, stddev: 2, seed: 3)),
        ["random_uniform"] = One(x => K.RandomUniform(K.Shape(x), minval: -1, maxval: 2, seed: 4), x => K.RandomUniform(x.shape, minval: -1, maxval: 2, seed: 4)),
        ["stop_gradient"] = One(K.StopGradient, K.StopGradient),
        ["switch"] = Two(x => K.Switch(K.Greater(x[0], 0), x[0], x[1]), x => K.Switch(K.Greater(x[0], 0), x[0], x[1])),
        // Operators.
        ["sampling"] = Two(x => x[0] + K.Exp(x[1] / 2) * x[0], x => x[0] + K.Exp(x[1] / 2) * x[0]),
        ["operators_with_numbers"] = One(x => (2 - x) * 3 - -x / 4 + 1 / (K.Abs(x) + 1), x => (2 - x) * 3 - -x / 4 + 1 / (x.abs() + 1)),
    };

    public static IEnumerable<object[]> Names => Cases.Keys.Select(k => new object[] { k });

    [Theory]
    [MemberData(nameof(Names))]
    public void A_model_computes_the_eager_function_and_reloads_from_JSON(string name)
    {
        var c = Cases[name];
        K.SetSeed(11);
        var inputs = c.Inputs.Select(s => Input(shape: s)).ToArray();
        var model = new Model(inputs, c.Symbolic(inputs));
        var data = c.Inputs.Select(s => randn(new long[] { 2 }.Concat(s.ToLongArray()).ToArray())).ToArray();
        var expected = c.Eager(data);

        var actual = Run(model, data);
        actual.dtype.Should().Be(expected.dtype);
        actual.shape.Should().Equal(expected.shape);
        Tensors.Values(actual).Should().Equal(Tensors.Values(expected));
        model.Outputs[0].Dtype.Should().Be(KerasSharp.Backend.Dtypes.Name(expected.dtype));

        var loaded = SavingApi.ModelFromJson(model.ToJson());
        Tensors.Values(Run(loaded, data)).Should().Equal(Tensors.Values(expected));
    }

    /// <summary>Predict for one input and outputs per sample; the graph run directly otherwise.</summary>
    private static Tensor Run(Model model, Tensor[] data)
    {
        var output = model.Outputs[0].Shape;
        return data.Length == 1 && output.Rank > 0 && output[0] is null
            ? model.Predict(data[0])
            : model.CallAll(data, training: false)[0];
    }

    [Fact]
    public void Symbolic_results_carry_Keras_shapes_and_dtypes()
    {
        var x = Input(shape: Matrix);
        K.Argmax(x).Shape.Should().Be(new Shape(null, 3));
        K.Argmax(x).Dtype.Should().Be("int64");
        K.Greater(x, 0).Dtype.Should().Be("bool");
        K.Cast(x, "int32").Dtype.Should().Be("int32");
        K.Mean(K.Cast(x, "bool"), axis: 1).Dtype.Should().Be("float32");
        K.OneHot(K.Argmax(x), 7).Shape.Should().Be(new Shape(null, 3, 7));
        K.Dot(x, Input(shape: (4, 2))).Shape.Should().Be(new Shape(null, 3, null, 2), "Theano's dot of (None, 3, 4) and (None, 4, 2)");
        K.IntShape(x).Should().Be(new Shape(null, 3, 4));
        K.Ndim(x).Should().Be(3);
        K.Shape(x).Shape.Should().Be(new Shape(3));
        K.Transpose(x).Shape.Should().Be(new Shape(4, 3, null));
    }

    private static Case One(Func<KerasTensor, KerasTensor> symbolic, Func<Tensor, Tensor> eager) =>
        new([Matrix], x => symbolic(x[0]), x => eager(x[0]));

    private static Case Two(Func<KerasTensor[], KerasTensor> symbolic, Func<Tensor[], Tensor> eager) =>
        new([Matrix, Matrix], symbolic, eager);

    private static Case Two(Func<KerasTensor, KerasTensor, KerasTensor> symbolic, Func<Tensor, Tensor, Tensor> eager) =>
        new([Matrix, Matrix], x => symbolic(x[0], x[1]), x => eager(x[0], x[1]));
}
