using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using FluentAssertions;
using KerasSharp.Backend;
using KerasSharp.Callbacks;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Training;
using KerasSharp.Utils;
using Xunit;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Training;

/// <summary>
/// <c>workers</c> and <c>max_queue_size</c> (Keras 2.2.4's OrderedEnqueuer and GeneratorEnqueuer): several threads
/// make a Sequence's batches, the model gets them in the Sequence's order, an exception reaches the caller, stopping
/// joins every worker. On a small machine the number of worker threads is capped by the free cores, so these tests
/// raise <see cref="GeneratorBatches.Cores"/> to run four.
/// </summary>
public sealed class EnqueuerTests
{
    private static Sequential Model()
    {
        var model = new Sequential();
        model.Add(new Dense(2, activation: "softmax", input_shape: 3));
        model.Compile("sgd", "categorical_crossentropy", ["accuracy"]);
        return model;
    }

    private static T WithCores<T>(int cores, Func<T> run)
    {
        var saved = GeneratorBatches.Cores;
        GeneratorBatches.Cores = cores;
        try
        {
            return run();
        }
        finally
        {
            GeneratorBatches.Cores = saved;
        }
    }

    private static void WithCores(int cores, Action run) => WithCores(cores, () => { run(); return 0; });

    /// <summary>
    /// Batches of 2 samples out of 2·Count, in an order reshuffled by <see cref="OnEpochEnd"/> (as Keras's image
    /// iterators do); each sample's three features are its id. The first <see cref="Together"/> calls wait until that
    /// many threads are inside GetItem at once, so several workers provably run; later calls take uneven times so
    /// workers finish out of order.
    /// </summary>
    private sealed class Shuffling : Sequence
    {
        private readonly Random _random = new(5);
        private readonly Barrier? _together;
        private int[] _order;
        private int _calls;

        public Shuffling(int count, int together = 0)
        {
            Count = count;
            _order = Enumerable.Range(0, 2 * count).ToArray();
            _together = together > 1 ? new Barrier(together) : null;
            Together = together;
        }

        public override int Count { get; }
        public int Together { get; }
        public ConcurrentBag<int> Threads { get; } = new();
        public ConcurrentBag<int> IntraOpThreads { get; } = new();
        public int EpochEnds { get; private set; }
        public int Started => Volatile.Read(ref _calls);
        public int? FailAt { get; init; }

        public override (Tensor x, Tensor? y, Tensor? sample_weight) GetItem(int index)
        {
            var call = Interlocked.Increment(ref _calls);
            Threads.Add(Environment.CurrentManagedThreadId);
            IntraOpThreads.Add(get_num_threads());
            if (_together is not null && call <= Together && !_together.SignalAndWait(TimeSpan.FromSeconds(30)))
                throw new TimeoutException($"{Together} workers never ran GetItem at the same time.");
            if (index == FailAt) throw new InvalidOperationException($"no batch {index}");
            Thread.Sleep((index * 7) % 5); // uneven, so later batches can be ready before earlier ones
            var ids = new double[] { _order[2 * index], _order[2 * index + 1] };
            var x = tensor(ids).view(2, 1).expand(2, 3).contiguous();
            return (x, NpUtils.ToCategorical(tensor(new long[] { 0, 1 }), 2), null);
        }

        public override void OnEpochEnd()
        {
            EpochEnds++;
            _order = _order.OrderBy(_ => _random.Next()).ToArray();
        }
    }

    private static readonly GeneratorBatches.Resolver Arrays = new(x => x.ToArray(), y => y.ToArray());

    /// <summary>The first feature of every sample of every batch of <paramref name="epochs"/> epochs, as the training loop takes them.</summary>
    private static List<double> Taken(Sequence data, int workers, int epochs, int maxQueueSize = 10)
    {
        var seen = new List<double>();
        KerasBackend.SetSeed(11);
        using var source = new GeneratorBatches(data, null, maxQueueSize, workers, targets: true, "steps_per_epoch", Arrays);
        for (int e = 0; e < epochs; e++)
        {
            using var scope = NewDisposeScope();
            using var batches = source.Epoch(shuffle: true);
            for (int step = 0; step < source.Steps && batches.MoveNext(); step++)
                seen.AddRange(batches.Current.X[0][.., 0].data<float>().ToArray().Select(v => (double)v));
        }
        return seen;
    }

    [Fact]
    public void Four_workers_give_the_batches_in_the_order_of_one_epoch_after_epoch()
    {
        // Reference: workers 0, every batch made in turn on this thread. Same seed, so the same shuffled batch order.
        var alone = new Shuffling(12);
        var expected = Taken(alone, workers: 0, epochs: 3);
        alone.Threads.Distinct().Should().Equal(Environment.CurrentManagedThreadId);

        var parallel = new Shuffling(12, together: 4);
        var seen = WithCores(64, () => Taken(parallel, workers: 4, epochs: 3));

        seen.Should().Equal(expected);
        seen.Should().HaveCount(3 * 24).And.NotEqual(Enumerable.Range(0, 24).Select(i => (double)i).Concat(Enumerable.Range(0, 24).Select(i => (double)i)).Concat(Enumerable.Range(0, 24).Select(i => (double)i)), "the batch order is shuffled and OnEpochEnd reshuffles the samples");
        parallel.EpochEnds.Should().Be(3);
        parallel.Threads.Distinct().Count().Should().BeGreaterThanOrEqualTo(4, "four workers ran GetItem at once");
        parallel.Threads.Should().NotContain(Environment.CurrentManagedThreadId);
        parallel.IntraOpThreads.Distinct().Should().Equal(new[] { 1 }, "each worker runs libtorch on one thread");
        Enqueuer.LiveWorkers.Should().Be(0);
    }

    [Fact]
    public void Workers_are_capped_by_the_cores_libtorch_leaves_free()
    {
        var intraOp = get_num_threads();
        WithCores(intraOp + 10, () => GeneratorBatches.Threads(4)).Should().Be(4);
        WithCores(intraOp + 3, () => GeneratorBatches.Threads(4)).Should().Be(3);
        WithCores(intraOp, () => GeneratorBatches.Threads(4)).Should().Be(1, "one worker at least");
        WithCores(intraOp + 10, () => GeneratorBatches.Threads(0)).Should().Be(0, "workers=0: the caller's thread");
    }

    private sealed class Probe : Callback
    {
        public Action<int>? BatchBegin { get; init; }
        public Action<int>? BatchEnd { get; init; }
        public List<int> Ended { get; } = new();

        public override void OnTrainBatchBegin(int batch, Logs logs) => BatchBegin?.Invoke(batch);

        public override void OnTrainBatchEnd(int batch, Logs logs)
        {
            Ended.Add(batch);
            BatchEnd?.Invoke(batch);
        }
    }

    [Fact]
    public void An_exception_in_a_workers_GetItem_reaches_the_caller_with_the_batch_index()
    {
        var data = new Shuffling(10) { FailAt = 6 };
        var probe = new Probe();
        var mainThreads = get_num_threads();

        var act = () => WithCores(64, () => Model().FitGenerator(data, epochs: 2, verbose: 0, shuffle: false, workers: 4, callbacks: [probe]));

        act.Should().Throw<KerasException>().WithMessage("Batch 6 of the Sequence: GetItem(6) raised an exception: no batch 6")
           .WithInnerException<InvalidOperationException>();
        probe.Ended.Should().Equal(new[] { 0, 1, 2, 3, 4, 5 }, "the batches before the failed one are trained first, in order");
        Enqueuer.LiveWorkers.Should().Be(0, "every worker is joined before the exception leaves FitGenerator");
        data.EpochEnds.Should().Be(0);
        get_num_threads().Should().Be(mainThreads, "the workers' one-thread setting is theirs alone");
    }

    [Fact]
    public void Stopping_early_joins_every_worker()
    {
        var data = new Shuffling(40);
        var liveDuring = new List<int>();
        var model = Model();
        var stop = new Probe
        {
            BatchEnd = b =>
            {
                liveDuring.Add(Enqueuer.LiveWorkers);
                if (b == 2) model.StopTraining = true;
            },
        };

        var history = WithCores(64, () => model.FitGenerator(data, epochs: 3, verbose: 0, workers: 4, max_queue_size: 5, callbacks: [stop]));

        history.Epoch.Should().Equal(0);
        stop.Ended.Should().Equal(0, 1, 2);
        liveDuring.Should().AllBeEquivalentTo(4, "four workers while training");
        Enqueuer.LiveWorkers.Should().Be(0, "stop_training joins them");
        data.EpochEnds.Should().Be(0, "the epoch did not end");
        data.Started.Should().BeLessThanOrEqualTo(3 + 5, "no more than max_queue_size batches beyond those taken were made");
    }

    [Fact]
    public void An_exception_in_a_callback_joins_every_worker()
    {
        var data = new Shuffling(40);
        var throwing = new Probe { BatchEnd = b => { if (b == 1) throw new InvalidOperationException("callback failed"); } };

        var act = () => WithCores(64, () => Model().FitGenerator(data, epochs: 2, verbose: 0, workers: 4, callbacks: [throwing]));

        act.Should().Throw<InvalidOperationException>().WithMessage("callback failed");
        Enqueuer.LiveWorkers.Should().Be(0);
    }

    [Fact]
    public void Max_queue_size_bounds_the_batches_made_ahead()
    {
        const int count = 12, queue = 3;
        var data = new Shuffling(count);
        var startedAtBegin = new List<int>();
        var probe = new Probe
        {
            BatchBegin = step =>
            {
                // The loop has taken batches 0..step; the workers may make up to `queue` more, and do.
                var bound = Math.Min(count, step + 1 + queue);
                SpinWait.SpinUntil(() => data.Started >= bound, TimeSpan.FromSeconds(30)).Should().BeTrue($"the workers fill the queue at step {step}");
                Thread.Sleep(5); // a chance to overshoot, were the bound not kept
                startedAtBegin.Add(data.Started);
            },
        };

        WithCores(64, () => Model().FitGenerator(data, epochs: 1, verbose: 0, shuffle: false, workers: 4, max_queue_size: queue, callbacks: [probe]));

        // min(12, step + 1 + 3) for steps 0..11.
        startedAtBegin.Should().Equal(4, 5, 6, 7, 8, 9, 10, 11, 12, 12, 12, 12);
    }

    private sealed class LiveTensors : Callback
    {
        public List<long> AfterEpoch { get; } = new();

        public override void OnEpochEnd(int epoch, Logs logs)
        {
            // Finalize whatever earlier code left to the GC, so the count is of reachable tensors only.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            AfterEpoch.Add(Tensor.TotalCount);
        }
    }

    [Fact]
    public void The_live_tensor_count_stays_flat_across_epochs_with_four_workers()
    {
        var data = new Shuffling(10);
        var probe = new LiveTensors();
        var model = Model();

        WithCores(64, () => model.FitGenerator(data, steps_per_epoch: 7, epochs: 5, verbose: 0, workers: 4, max_queue_size: 4, callbacks: [probe]));

        probe.AfterEpoch.Should().HaveCount(5);
        probe.AfterEpoch.Skip(1).Should().AllBeEquivalentTo(probe.AfterEpoch[1], "batches made ahead beyond steps_per_epoch are freed with the epoch's workers");
    }

    private static IEnumerable<(Tensor x, Tensor y)> Counting(List<int> threads)
    {
        for (int i = 0; ; i++)
        {
            lock (threads) threads.Add(Environment.CurrentManagedThreadId);
            yield return (full(2, 3, (double)i), NpUtils.ToCategorical(tensor(new long[] { 0, 1 }), 2));
        }
    }

    [Fact]
    public void A_generator_is_read_by_one_worker_whatever_workers_says()
    {
        var threads = new List<int>();
        var live = new List<int>();
        var probe = new Probe { BatchBegin = _ => live.Add(Enqueuer.LiveWorkers) };

        WithCores(64, () => Model().FitGenerator(Counting(threads), steps_per_epoch: 4, epochs: 2, verbose: 0, workers: 4, use_multiprocessing: true, callbacks: [probe]));

        live.Should().AllBeEquivalentTo(1, "an IEnumerator is not thread-safe: one thread reads it");
        threads.Distinct().Should().ContainSingle().Which.Should().NotBe(Environment.CurrentManagedThreadId);
        Enqueuer.LiveWorkers.Should().Be(0);
    }

    [Fact]
    public void Workers_zero_makes_the_batches_on_the_calling_thread()
    {
        var data = new Shuffling(3);
        var live = new List<int>();
        var probe = new Probe { BatchBegin = _ => live.Add(Enqueuer.LiveWorkers) };

        Model().FitGenerator(data, epochs: 2, verbose: 0, workers: 0, callbacks: [probe]);

        data.Threads.Distinct().Should().Equal(Environment.CurrentManagedThreadId);
        live.Should().HaveCount(6).And.AllBeEquivalentTo(0);
        data.EpochEnds.Should().Be(2);
    }

    [Fact]
    public void Predict_generator_with_four_workers_keeps_the_order()
    {
        // A Dense(1) with kernel [1, 0, 0] and no bias outputs each sample's id.
        var model = new Sequential();
        model.Add(new Dense(1, use_bias: false, input_shape: 3));
        model.Layers[0].SetWeights([tensor(new float[] { 1, 0, 0 }).view(3, 1)]);
        var data = new Shuffling(9, together: 4);

        var predicted = WithCores(64, () => model.PredictGenerator(data, workers: 4));

        predicted.view(-1).data<float>().ToArray().Should().Equal(Enumerable.Range(0, 18).Select(i => (float)i));
        Enqueuer.LiveWorkers.Should().Be(0);
    }

    [Fact]
    public void Negative_workers_are_refused_by_name()
    {
        var act = () => Model().FitGenerator(new Shuffling(2), verbose: 0, workers: -1);
        act.Should().Throw<ArgumentException>().WithMessage("`workers` must be 0 (batches made on the calling thread) or a positive number of worker threads. Received: workers=-1*")
           .And.ParamName.Should().Be("workers");
    }

    /// <summary>Batch i is one sample whose features are all i; counts the epoch ends.</summary>
    private sealed class Indexed(int count) : Sequence
    {
        public override int Count => count;
        public int EpochEnds { get; private set; }
        public override (Tensor x, Tensor? y, Tensor? sample_weight) GetItem(int index) =>
            (full(1, 3, (double)index), NpUtils.ToCategorical(tensor(new long[] { 0 }), 2), null);
        public override void OnEpochEnd() => EpochEnds++;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void More_steps_than_batches_cycle_through_the_Sequence_as_Keras_enqueuer_does(int workers)
    {
        // Keras 2.2.4's OrderedEnqueuer loops over the Sequence, calling on_epoch_end after each pass: 7 steps of a
        // 3-batch Sequence are batches 0, 1, 2, 0, 1, 2, 0 (not shuffled), with a pass end after each full pass and the epoch's end.
        var data = new Indexed(3);
        var seen = new List<double>();
        WithCores(64, () =>
        {
            using var source = new GeneratorBatches(data, 7, 10, workers, targets: true, "validation_steps", Arrays);
            using var scope = NewDisposeScope();
            using var batches = source.Epoch(shuffle: false);
            for (int step = 0; step < source.Steps; step++)
            {
                batches.MoveNext().Should().BeTrue($"step {step} of 7 has a batch");
                seen.Add(batches.Current.X[0][0, 0].item<float>());
            }
        });
        seen.Should().Equal(0, 1, 2, 0, 1, 2, 0);
        data.EpochEnds.Should().Be(3);
        Enqueuer.LiveWorkers.Should().Be(0);
    }
}
