using System;
using System.Collections.Generic;
using System.Linq;
using FluentAssertions;
using KerasSharp.Backend;
using KerasSharp.Callbacks;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Utils;
using Xunit;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Training;

public sealed class FitGeneratorTests
{
    private static Sequential Model()
    {
        var model = new Sequential();
        model.Add(new Dense(2, activation: "softmax", input_shape: 3));
        model.Compile("sgd", "categorical_crossentropy", ["accuracy"]);
        return model;
    }

    private sealed class Batches(int count) : Sequence
    {
        public List<int> Visited { get; } = new();
        public int EpochEnds { get; private set; }
        public override int Count => count;

        public override (Tensor x, Tensor y, Tensor? sample_weight) GetItem(int index)
        {
            lock (Visited) Visited.Add(index);
            return (full(4, 3, (double)index), NpUtils.ToCategorical(tensor(new long[] { 0, 1, 0, 1 }), 2), null);
        }

        public override void OnEpochEnd() => EpochEnds++;
    }

    [Fact]
    public void Each_epoch_visits_every_batch_of_a_sequence_once()
    {
        KerasBackend.SetSeed(2);
        var data = new Batches(5);

        var history = Model().FitGenerator(data, epochs: 3, verbose: 0, shuffle: true);

        data.Visited.Should().HaveCount(15);
        for (int e = 0; e < 3; e++) data.Visited.Skip(5 * e).Take(5).Should().BeEquivalentTo(new[] { 0, 1, 2, 3, 4 });
        data.Visited.Should().NotEqual(Enumerable.Range(0, 5).Concat(Enumerable.Range(0, 5)).Concat(Enumerable.Range(0, 5)), "shuffle=true reorders the batches");
        data.EpochEnds.Should().Be(3);
        history.Values["loss"].Should().HaveCount(3);
    }

    [Fact]
    public void Without_shuffle_batches_come_in_order()
    {
        var data = new Batches(4);
        Model().FitGenerator(data, epochs: 1, verbose: 0, shuffle: false);
        data.Visited.Should().Equal(0, 1, 2, 3);
    }

    private static IEnumerable<(Tensor x, Tensor y)> Endless(Action onDispose, int failAt = -1)
    {
        try
        {
            for (int i = 0; ; i++)
            {
                if (i == failAt) throw new InvalidOperationException("bad batch 7");
                yield return (rand(4, 3), NpUtils.ToCategorical(tensor(new long[] { 0, 1, 1, 0 }), 2));
            }
        }
        finally
        {
            onDispose();
        }
    }

    [Fact]
    public void An_endless_generator_needs_steps_per_epoch()
    {
        var act = () => Model().FitGenerator(Endless(() => { }), epochs: 1, verbose: 0);
        act.Should().Throw<ArgumentException>().WithMessage("`steps_per_epoch=None` is only valid for a generator based on the `keras.utils.Sequence` class. Please specify `steps_per_epoch` or use the `keras.utils.Sequence` class.*").And.ParamName.Should().Be("steps_per_epoch");
    }

    [Fact]
    public void An_exception_in_the_worker_reaches_the_caller()
    {
        var act = () => Model().FitGenerator(Endless(() => { }, failAt: 7), steps_per_epoch: 5, epochs: 3, verbose: 0);
        act.Should().Throw<KerasException>().WithMessage("*bad batch 7*").WithInnerException<InvalidOperationException>();
    }

    private sealed class StopAfter(int batches) : Callback
    {
        public override void OnTrainBatchEnd(int batch, Logs logs)
        {
            if (batch + 1 == batches) Model!.StopTraining = true;
        }
    }

    [Fact]
    public void Stopping_early_closes_the_generator_and_joins_the_worker()
    {
        var closed = false;
        var model = Model();
        var threadsBefore = System.Diagnostics.Process.GetCurrentProcess().Threads.Count;

        var history = model.FitGenerator(Endless(() => closed = true), steps_per_epoch: 50, epochs: 5, verbose: 0,
                                         max_queue_size: 3, callbacks: [new StopAfter(2)]);

        closed.Should().BeTrue("the generator is disposed when fit_generator returns");
        history.Epoch.Should().Equal(0);
        System.Diagnostics.Process.GetCurrentProcess().Threads.Count.Should().BeLessThanOrEqualTo(threadsBefore + 1);
    }

    [Fact]
    public void Fit_accepts_a_sequence_as_Keras_2_1_does()
    {
        var data = new Batches(3);
        var history = Model().Fit(data, epochs: 2, verbose: 0, validation_data: (rand(6, 3), NpUtils.ToCategorical(tensor(new long[] { 0, 1, 0, 1, 1, 0 }), 2)));
        history.Values.Keys.Should().Equal("loss", "accuracy", "val_loss", "val_accuracy");
        data.Visited.Should().HaveCount(6);
    }
}
