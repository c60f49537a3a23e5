using System;
using System.Collections.Generic;
using System.Linq;
using KerasSharp.Utils;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasSharp.Training;

/// <summary>
/// Batches from a <see cref="Sequence"/> (each epoch visits every batch once, in shuffled order when asked, then
/// calls <c>OnEpochEnd</c>) or from an endless enumerable of (x, y) batches, prepared ahead by a
/// <see cref="Prefetcher"/> on a background thread.
/// </summary>
internal sealed class GeneratorBatches : IBatchSource, IDisposable
{
    private readonly Sequence? _sequence;
    private readonly IEnumerable<(Tensor x, Tensor y)>? _enumerable;
    private readonly int _maxQueueSize;
    private IEnumerator<(Tensor x, Tensor y)>? _shared;
    private Prefetcher? _prefetcher;

    public GeneratorBatches(Sequence sequence, int? steps, int maxQueueSize)
    {
        _sequence = sequence;
        Steps = steps ?? sequence.Count;
        _maxQueueSize = maxQueueSize;
        Validate();
    }

    public GeneratorBatches(IEnumerable<(Tensor x, Tensor y)> generator, int? steps, int maxQueueSize, string stepsArgument)
    {
        _enumerable = generator;
        Steps = steps ?? (generator is ICollection<(Tensor, Tensor)> c ? c.Count
            : throw new ArgumentException($"`{stepsArgument}` is required for a generator without a length: it sets how many batches make an epoch.", stepsArgument));
        _maxQueueSize = maxQueueSize;
        Validate();
    }

    public int Steps { get; }
    public int? Samples => null;

    private void Validate()
    {
        if (Steps <= 0) throw new ArgumentException($"The number of steps per epoch must be positive. Received: {Steps}", "steps_per_epoch");
    }

    public IEnumerator<Batch> Epoch(bool shuffle)
    {
        // A generator keeps one worker across epochs, as Keras's GeneratorEnqueuer; a Sequence gets one per epoch.
        if (_sequence is not null)
        {
            _prefetcher?.Dispose();
            _prefetcher = new Prefetcher(SequenceEpoch(shuffle), _maxQueueSize);
        }
        else
        {
            _prefetcher ??= new Prefetcher(Endless(), _maxQueueSize);
        }
        return Take(_prefetcher);
    }

    private IEnumerator<Batch> Take(Prefetcher prefetcher)
    {
        for (int step = 0; step < Steps; step++) yield return prefetcher.Next();
    }

    private IEnumerable<Batch> SequenceEpoch(bool shuffle)
    {
        var order = Enumerable.Range(0, _sequence!.Count).ToArray();
        if (shuffle) Shuffle(order);
        foreach (var index in order.Take(Steps))
        {
            using var scope = torch.NewDisposeScope();
            var (x, y, w) = _sequence.GetItem(index);
            if (y is null) throw new KerasException($"Batch {index} of the Sequence has no targets: training needs (x, y) batches.");
            yield return Detached(Batch.OnDevice(x, y, w, untracked: true));
        }
        _sequence.OnEpochEnd();
    }

    private IEnumerable<Batch> Endless()
    {
        _shared ??= _enumerable!.GetEnumerator();
        while (true)
        {
            using var scope = torch.NewDisposeScope();
            if (!_shared.MoveNext()) yield break;
            var (x, y) = _shared.Current;
            yield return Detached(Batch.OnDevice(x, y, null, untracked: true));
        }
    }

    private static Batch Detached(Batch b) =>
        new(b.X.DetachFromDisposeScope(), b.Y?.DetachFromDisposeScope(), b.SampleWeight?.DetachFromDisposeScope(), true);

    private static void Shuffle(int[] order)
    {
        using var perm = torch.randperm(order.Length, generator: Backend.KerasBackend.ShuffleGenerator);
        var p = perm.data<long>().ToArray();
        var copy = (int[])order.Clone();
        for (int i = 0; i < order.Length; i++) order[i] = copy[p[i]];
    }

    public void Dispose()
    {
        _prefetcher?.Dispose();
        _shared?.Dispose();
    }
}
