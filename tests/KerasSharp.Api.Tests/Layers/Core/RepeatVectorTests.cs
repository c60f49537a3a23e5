using System;
using FluentAssertions;
using KerasSharp.Layers;
using KerasSharp.Saving;
using KerasSharp.Tests.Harness;
using Xunit;
using static KerasSharp.Layers.LayerFunctions;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Layers.Core;

public sealed class RepeatVectorTests
{
    [Fact]
    public void Repeats_each_sample_n_times_along_a_new_time_axis()
    {
        // [[1, 2], [3, 4]] repeated 3 times: each row three times, one sample after the other.
        using var x = tensor(new float[] { 1, 2, 3, 4 }, 2, 2);
        var y = new RepeatVector(3).Apply(x);
        y.shape.Should().Equal(2, 3, 2);
        Tensors.Values(y).Should().Equal(1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4);

        var layer = new RepeatVector(4);
        layer.Apply(Input(shape: 5)).Shape.Should().Be(new Shape(null, 4, 5));
    }

    [Fact]
    public void Config_round_trips_and_bad_input_is_named()
    {
        var model = new KerasSharp.Models.Sequential();
        model.Add(new RepeatVector(2, input_shape: 3));
        var json = model.ToJson();
        json.Should().Contain("\"class_name\": \"RepeatVector\"").And.Contain("\"n\": 2");
        using var loaded = SavingApi.ModelFromJson(json);
        loaded.Layers[0].Should().BeOfType<RepeatVector>().Which.N.Should().Be(2);

        FluentActions.Invoking(() => new RepeatVector(0)).Should().Throw<ArgumentException>().WithMessage("*n=0*").Which.ParamName.Should().Be("n");
        var seq = Input(shape: new Shape(4, 3));
        FluentActions.Invoking(() => new RepeatVector(2, name: "rv").Apply(seq)).Should().Throw<KerasException>()
            .WithMessage("Input 0 is incompatible with layer rv: expected ndim=2, found ndim=3. Full shape received: (None, 4, 3)");
    }
}
