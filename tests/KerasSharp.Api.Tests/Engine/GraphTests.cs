using System;
using FluentAssertions;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Tests.Harness;
using static TorchSharp.torch;
using TorchSharp;
using Xunit;
using static KerasSharp.Layers.LayerFunctions;

namespace KerasSharp.Tests.Engine;

/// <summary>
/// Running a graph without autograd frees each intermediate tensor after its last reader (Graph.RunMasked): a tensor
/// read by several nodes, twice by one node, returned by a layer as its own input, or also a model output must live
/// until its last use.
/// </summary>
public sealed class GraphTests
{
    [Fact]
    public void Intermediates_read_several_times_or_passed_through_survive_until_their_last_reader()
    {
        var input = Input(shape: 2);
        var linear = new Activation("linear").Apply(input); // a new handle (an alias of the input)
        var same = new Lambda((Func<torch.Tensor, torch.Tensor>)(t => t), name: "same").Apply(linear); // linear's own handle
        var relu = new Activation("relu").Apply(same);
        var sum = new Add().Apply([same, relu]);
        var twice = new Add().Apply([sum, sum]);
        var last = new Add().Apply([twice, same]);
        using var model = new Model(input, [last, sum]);

        using var x = torch.tensor(new float[] { -1f, 2f, 3f, -4f }).reshape(2, 2);
        // linear = same = x; relu = [[0, 2], [3, 0]]; sum = x + relu = [[-1, 4], [6, -4]];
        // twice = 2·sum = [[-2, 8], [12, -8]]; last = twice + x = [[-3, 10], [15, -12]].
        var outputs = model.PredictOutputs(x, batch_size: 1);
        Tensors.Values(outputs[0]).Should().Equal(-3f, 10f, 15f, -12f);
        Tensors.Values(outputs[1]).Should().Equal(new[] { -1f, 4f, 6f, -4f }, "an output that is also read by later nodes is kept");
        Tensors.Values(x).Should().Equal(new[] { -1f, 2f, 3f, -4f }, "the caller's array is untouched");

        // The same graph called directly under no_grad: the model's input tensor is the caller's and is not freed.
        using (torch.no_grad())
        using (var scope = torch.NewDisposeScope())
        {
            var direct = model.CallAll([x], training: false);
            Tensors.Values(direct[0]).Should().Equal(-3f, 10f, 15f, -12f);
        }
        x.IsInvalid.Should().BeFalse();
        foreach (var o in outputs) o.Dispose();
    }

    [Fact]
    public void An_activation_does_not_write_over_a_tensor_a_live_view_still_shows()
    {
        var input = Input(shape: 2);
        var identity = torch.eye(2);
        var d = new Dense(2, use_bias: false) { InitialWeights = [identity] }.Apply(input);
        var view = new Reshape(new Shape(2)).Apply(d); // a view of d's storage
        var relu = new Activation("relu").Apply(d);
        var sum = new Add().Apply([relu, view]);
        using var model = new Model(input, sum);

        using var x = torch.tensor(new float[] { 1f, -2f }).reshape(1, 2);
        // d = x·I = [1, -2]; relu = [1, 0]; view = d = [1, -2]; sum = [2, -2] (relu written over d would give [2, 0]).
        using var y = model.Predict(x);
        Tensors.Values(y).Should().Equal(2f, -2f);
    }

    [Fact]
    public void Predict_with_in_place_activations_and_adds_equals_the_graph_run_with_autograd()
    {
        // A residual block as ResNet50's (conv, batch norm, relu, conv, batch norm, add, relu) and MobileNetV2's ReLU(6):
        // under no_grad the relus, ReLU(6) and the add write over their inputs; with autograd on nothing is in place.
        KerasSharp.Backend.KerasBackend.SetSeed(3);
        var input = Input(shape: new Shape(6, 6, 4));
        var a = new Conv2D(4, (3, 3), padding: "same").Apply(input);
        a = new BatchNormalization().Apply(a);
        a = new Activation("relu").Apply(a);
        a = new Conv2D(4, (3, 3), padding: "same").Apply(a);
        a = new BatchNormalization().Apply(a);
        var shortcut = new Conv2D(4, (1, 1)).Apply(input);
        var merged = new Add().Apply([a, shortcut]);
        var output = new ReLU(6.0).Apply(new Activation("elu").Apply(merged));
        using var model = new Model(input, output);
        using var x = torch.randn(2, 6, 6, 4) * 3;

        using var predicted = model.Predict(x);
        Tensor expected;
        using (torch.enable_grad()) expected = model.CallAll([x], training: false)[0].detach();
        Tensors.Values(predicted).Should().Equal(Tensors.Values(expected), "the in-place forms run the same kernels on the same values");
        Tensors.Values(predicted).Should().Contain(0f).And.Contain(v => v > 0f && v < 6f).And.OnlyContain(v => v >= 0f && v <= 6f);
        expected.Dispose();
    }
}
