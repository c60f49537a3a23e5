using System;
using System.Collections.Generic;
using System.Linq;
using KerasSharp.Utils;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasSharp.Training;

/// <summary>
/// Batches from a <see cref="Sequence"/> (each epoch visits every batch once, in shuffled order when asked, then
/// calls <c>OnEpochEnd</c>) or from an endless enumerable of batches, prepared ahead by a <see cref="Prefetcher"/> on
/// a background thread. For prediction, targets are not needed and are dropped.
/// </summary>
internal sealed class GeneratorBatches : IBatchSource, IDisposable
{
    private readonly Sequence? _sequence;
    private readonly Func<IEnumerator<(Tensor X, Tensor? Y)>>? _open;
    private readonly bool _targets;
    private readonly int _maxQueueSize;
    private IEnumerator<(Tensor X, Tensor? Y)>? _shared;
    private Prefetcher? _prefetcher;

    /// <param name="targets">Whether batches must have targets (training and evaluation) or lose them (prediction).</param>
    public GeneratorBatches(Sequence sequence, int? steps, int maxQueueSize, bool targets, string stepsArgument)
    {
        _sequence = sequence;
        Steps = steps ?? sequence.Count;
        _maxQueueSize = maxQueueSize;
        _targets = targets;
        Validate(stepsArgument);
    }

    public GeneratorBatches(IEnumerable<(Tensor x, Tensor y)> generator, int? steps, int maxQueueSize, bool targets, string stepsArgument)
        : this(() => generator.Select(b => (b.x, (Tensor?)b.y)).GetEnumerator(), Length(generator, steps, stepsArgument), maxQueueSize, targets, stepsArgument)
    {
    }

    /// <summary>A generator of inputs only, for prediction.</summary>
    public GeneratorBatches(IEnumerable<Tensor> generator, int? steps, int maxQueueSize, string stepsArgument)
        : this(() => generator.Select(x => (x, (Tensor?)null)).GetEnumerator(), Length(generator, steps, stepsArgument), maxQueueSize, false, stepsArgument)
    {
    }

    private GeneratorBatches(Func<IEnumerator<(Tensor X, Tensor? Y)>> open, int steps, int maxQueueSize, bool targets, string stepsArgument)
    {
        _open = open;
        Steps = steps;
        _maxQueueSize = maxQueueSize;
        _targets = targets;
        Validate(stepsArgument);
    }

    /// <summary>Keras 2's rule: only a Sequence (here: any collection) knows its length.</summary>
    private static int Length<T>(IEnumerable<T> generator, int? steps, string stepsArgument) =>
        steps ?? (generator is ICollection<T> c ? c.Count
            : throw new ArgumentException($"`{stepsArgument}=None` is only valid for a generator based on the `keras.utils.Sequence` class. Please specify `{stepsArgument}` or use the `keras.utils.Sequence` class.", stepsArgument));

    public int Steps { get; }
    public int? Samples => null;

    private void Validate(string stepsArgument)
    {
        if (Steps <= 0) throw new ArgumentException($"`{stepsArgument}` must be a positive number of batches. Received: {stepsArgument}={Steps}", stepsArgument);
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
            yield return Made(x, y, w, $"Batch {index} of the Sequence");
        }
        _sequence.OnEpochEnd();
    }

    private IEnumerable<Batch> Endless()
    {
        _shared ??= _open!();
        for (var number = 0; ; number++)
        {
            using var scope = torch.NewDisposeScope();
            if (!_shared.MoveNext()) yield break;
            var (x, y) = _shared.Current;
            yield return Made(x, y, null, $"Batch {number} of the generator");
        }
    }

    /// <summary>The batch on the model's device, out of the producer's scope (the consumer adopts it).</summary>
    private Batch Made(Tensor x, Tensor? y, Tensor? w, string what)
    {
        if (_targets && (y is null || y.numel() == 0 && x.shape[0] > 0))
            throw new KerasException($"{what} has no targets: training and evaluation need (x, y) batches.");
        var batch = Batch.OnDevice(x, _targets ? y : null, _targets ? w : null, untracked: true);
        return new(batch.X.DetachFromDisposeScope(), batch.Y?.DetachFromDisposeScope(), batch.SampleWeight?.DetachFromDisposeScope(), true);
    }

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
