using System;
using System.Linq;
using FluentAssertions;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Tests.Harness;
using Xunit;
using static KerasSharp.Layers.LayerFunctions;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Models;

/// <summary><c>model.reset_states()</c> (Keras 2.2.4's Network.reset_states).</summary>
public sealed class ResetStatesTests
{
    [Fact]
    public void Reset_states_zeroes_every_stateful_layer_and_leaves_the_others()
    {
        // A stateful SimpleRNN(1) with kernel 1, recurrent kernel 0 and bias 0 keeps h = tanh(1·x) after a step.
        var rnn = new SimpleRNN(1, kernel_initializer: "ones", recurrent_initializer: "zeros", stateful: true, batch_input_shape: new Shape(1, 1, 1));
        var bidirectional = new Bidirectional(new LSTM(2, stateful: true, kernel_initializer: "ones"));
        var inner = new Sequential([rnn, new RepeatVector(1), bidirectional]);
        var input = Input(batch_shape: new Shape(1, 1, 1));
        var model = new Model(input, [inner.Apply(input), new LSTM(3).Apply(input)]);
        model.PredictOutputs(ones(1, 1, 1));
        Tensors.Values(rnn.States![0]).Should().Equal(new[] { MathF.Tanh(1) }, (a, e) => MathF.Abs(a - e) < 1e-6f);
        new[] { bidirectional.ForwardLayer, bidirectional.BackwardLayer }.SelectMany(l => l.States!).SelectMany(Tensors.Values)
            .Should().Contain(v => v != 0, "the LSTMs ran on a non-zero input");

        model.ResetStates();

        rnn.States!.Concat(bidirectional.ForwardLayer.States!).Concat(bidirectional.BackwardLayer.States!).SelectMany(Tensors.Values)
            .Should().HaveCount(1 + 2 * 2 * 2).And.OnlyContain(v => v == 0, "the nested model's stateful layers were reset; the stateless LSTM(3) was skipped");
    }
}
