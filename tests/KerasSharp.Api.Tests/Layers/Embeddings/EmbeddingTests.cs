using FluentAssertions;
using KerasSharp.Backend;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Tests.Harness;
using Xunit;
using static KerasSharp.Layers.LayerFunctions;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Layers.Embeddings;

public sealed class EmbeddingTests
{
    // Row i of the weights is (10·i, 10·i + 1): an index's row is read off by eye.
    private static Embedding Built(int inputDim = 5, bool maskZero = false, int? inputLength = null)
    {
        var layer = new Embedding(inputDim, 2, mask_zero: maskZero, input_length: inputLength);
        layer.EnsureBuilt(new Shape(null, inputLength));
        var rows = new float[inputDim * 2];
        for (int i = 0; i < inputDim; i++) (rows[2 * i], rows[2 * i + 1]) = (10 * i, 10 * i + 1);
        layer.SetWeights([tensor(rows, new long[] { inputDim, 2 })]);
        return layer;
    }

    [Fact]
    public void Looks_up_rows_for_indices_of_any_dtype()
    {
        KerasBackend.ClearSession();
        var layer = Built();
        layer.Weights[0].Shape.Should().Equal(5, 2);
        layer.Weights[0].FullName.Should().Be("embedding_1/embeddings:0");

        var fromInts = layer.Apply(tensor(new long[] { 0, 3, 4, 1 }, new long[] { 2, 2 }));
        Tensors.Values(fromInts).Should().Equal(0, 1, 30, 31, 40, 41, 10, 11);
        fromInts.shape.Should().Equal(2, 2, 2);
        // Float indices truncate, as Keras's cast to int32 does: 2.7 → 2.
        var fromFloats = layer.Apply(tensor(new float[] { 2.7f, 1f }, new long[] { 1, 2 }));
        Tensors.Values(fromFloats).Should().Equal(20, 21, 10, 11);
    }

    [Fact]
    public void An_index_outside_the_vocabulary_names_the_layer_input_dim_and_value()
    {
        KerasBackend.ClearSession();
        var layer = Built();
        var act = () => layer.Apply(tensor(new long[] { 1, 7 }, new long[] { 1, 2 }));
        act.Should().Throw<KerasException>().WithMessage("*embedding_1*7*input_dim=5*");
        var negative = () => layer.Apply(tensor(new float[] { -1f, 2f }, new long[] { 1, 2 }));
        negative.Should().Throw<KerasException>().WithMessage("*-1*input_dim=5*");
    }

    [Fact]
    public void Defaults_and_output_shape_follow_keras()
    {
        KerasBackend.ClearSession();
        var layer = new Embedding(100, 8, input_length: 12);
        layer.EmbeddingsInitializer.Should().BeOfType<KerasSharp.Initializers.RandomUniform>()
            .Which.Maxval.Should().Be(0.05);
        layer.BatchInputShape.Should().Be(new Shape(null, 12), "Keras 2.2.4 gives the layer input_shape (input_length,)");
        layer.ComputeOutputShape(new Shape(null, 12)).Should().Be(new Shape(null, 12, 8));
        layer.ComputeOutputShape(new Shape(null, null)).Should().Be(new Shape(null, 12, 8), "input_length fills an unknown length");
        new Embedding(100, 8).ComputeOutputShape(new Shape(null, 3, 4)).Should().Be(new Shape(null, 3, 4, 8));
        var mismatch = () => layer.ComputeOutputShape(new Shape(null, 10));
        mismatch.Should().Throw<KerasException>().WithMessage("*input_length*12*");
        var sequential = new Sequential([new Embedding(100, 8, input_length: 12)]);
        sequential.OutputShape.Should().Be(new Shape(null, 12, 8), "a Sequential starting with an Embedding is built at once");
    }

    [Fact]
    public void Mask_zero_attaches_a_mask_that_Dense_passes_on()
    {
        KerasBackend.ClearSession();
        var layer = Built(maskZero: true);
        var output = layer.Apply(tensor(new long[] { 0, 2, 3, 0 }, new long[] { 2, 2 }));
        var mask = Layer.GetMask(output);
        mask.Should().NotBeNull();
        mask!.to_type(ScalarType.Int32).data<int>().ToArray().Should().Equal(0, 1, 1, 0);
        var dense = new Dense(1);
        Layer.GetMask(dense.Apply(output))!.to_type(ScalarType.Int32).data<int>().ToArray().Should().Equal(0, 1, 1, 0);
        Layer.GetMask(Built().Apply(tensor(new long[] { 0, 1 }, new long[] { 1, 2 }))).Should().BeNull("mask_zero is off by default");
    }

    [Fact]
    public void A_layer_without_mask_support_refuses_a_masked_input_where_it_is_called()
    {
        KerasBackend.ClearSession();
        var input = Input(shape: new Shape(4));
        var embedded = new Embedding(10, 3, mask_zero: true).Apply(input);
        var act = () => new Flatten().Apply(embedded);
        act.Should().Throw<KerasException>().WithMessage("*flatten_1 does not support masking*");
        var eager = () => new Flatten().Apply(new Embedding(10, 3, mask_zero: true).Apply(zeros(2, 4)));
        eager.Should().Throw<KerasException>().WithMessage("*does not support masking*");
    }

    [Fact]
    public void Masking_zeroes_and_masks_the_steps_whose_features_all_equal_mask_value()
    {
        KerasBackend.ClearSession();
        var layer = new Masking(mask_value: -1.0);
        // Steps (−1, −1) are masked; (−1, 2) is not: every feature must equal mask_value.
        var x = tensor(new float[] { 1, 2, -1, -1, -1, 2 }, new long[] { 1, 3, 2 });
        var y = layer.Apply(x);
        Tensors.Values(y).Should().Equal(1, 2, 0, 0, -1, 2);
        Layer.GetMask(y)!.to_type(ScalarType.Int32).data<int>().ToArray().Should().Equal(1, 0, 1);
    }

    [Fact]
    public void GlobalAveragePooling1D_averages_over_the_unmasked_steps()
    {
        KerasBackend.ClearSession();
        var tokens = Input(shape: new Shape(3));
        var pooled = new GlobalAveragePooling1D().Apply(Built(maskZero: true).Apply(tokens));
        var model = new Model(tokens, new Dense(1).Apply(pooled));
        model.Layers[^1].SetWeights([tensor(new float[] { 1, 0 }, new long[] { 2, 1 }), zeros(1)]);
        // Rows (0, 1), (20, 21), (40, 41): sample [0, 2, 4] averages rows 2 and 4 only → 30; [1, 1, 0] averages row 1 → 10.
        var y = model.Predict(tensor(new float[] { 0, 2, 4, 1, 1, 0 }, new long[] { 2, 3 }));
        Tensors.Values(y).Should().Equal(30, 10);
    }
}
