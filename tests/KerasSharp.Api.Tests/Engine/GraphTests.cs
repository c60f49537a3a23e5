using System;
using FluentAssertions;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Tests.Harness;
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
}
