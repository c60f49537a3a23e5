using System;
using System.Collections.Generic;
using System.Linq;
using KerasSharp.Utils;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasSharp.Training;

/// <summary>
/// The data adapter for a <see cref="Sequence"/> (each epoch visits every batch once, in shuffled order when asked,
/// then calls <c>OnEpochEnd</c>) or an endless enumerable of batches, prepared ahead by a <see cref="Prefetcher"/> on a
/// background thread. Batches are given as Keras gives them (one array, a list, or a dictionary by name) and resolved
/// against the model's inputs and outputs there; for prediction, targets are dropped. A batch joins the dispose scope
/// that is current when the caller takes it.
/// </summary>
internal sealed class GeneratorBatches : IBatchSource, IDisposable
{
    /// <summary>How batches are read against the model: one array per input, per output.</summary>
    public sealed record Resolver(Func<ArrayData, Tensor[]> Inputs, Func<ArrayData, Tensor[]> Targets);

    private readonly Sequence? _sequence;
    private readonly Func<IEnumerator<(ArrayData X, ArrayData? Y)>>? _open;
    private readonly Resolver _resolver;
    private readonly bool _targets;
    private readonly int _maxQueueSize;
    private IEnumerator<(ArrayData X, ArrayData? Y)>? _shared;
    private Prefetcher? _prefetcher;

    /// <param name="targets">Whether batches must have targets (training and evaluation) or lose them (prediction).</param>
    public GeneratorBatches(Sequence sequence, int? steps, int maxQueueSize, bool targets, string stepsArgument, Resolver resolver)
        : this(null, sequence, steps ?? sequence.Count, maxQueueSize, targets, stepsArgument, resolver)
    {
    }

    public GeneratorBatches(IEnumerable<(Tensor x, Tensor y)> generator, int? steps, int maxQueueSize, bool targets, string stepsArgument, Resolver resolver)
        : this(() => generator.Select(b => ((ArrayData)b.x, (ArrayData?)b.y)).GetEnumerator(), null, Length(generator, steps, stepsArgument), maxQueueSize, targets, stepsArgument, resolver)
    {
    }

    public GeneratorBatches(IEnumerable<(ArrayData x, ArrayData y)> generator, int? steps, int maxQueueSize, bool targets, string stepsArgument, Resolver resolver)
        : this(() => generator.Select(b => (b.x, (ArrayData?)b.y)).GetEnumerator(), null, Length(generator, steps, stepsArgument), maxQueueSize, targets, stepsArgument, resolver)
    {
    }

    /// <summary>A generator of inputs only, for prediction.</summary>
    public GeneratorBatches(IEnumerable<Tensor> generator, int? steps, int maxQueueSize, string stepsArgument, Resolver resolver)
        : this(() => generator.Select(x => ((ArrayData)x, (ArrayData?)null)).GetEnumerator(), null, Length(generator, steps, stepsArgument), maxQueueSize, false, stepsArgument, resolver)
    {
    }

    private GeneratorBatches(Func<IEnumerator<(ArrayData, ArrayData?)>>? open, Sequence? sequence, int steps, int maxQueueSize,
                             bool targets, string stepsArgument, Resolver resolver)
    {
        _open = open;
        _sequence = sequence;
        Steps = steps;
        _maxQueueSize = maxQueueSize;
        _targets = targets;
        _resolver = resolver;
        if (Steps <= 0) throw new ArgumentException($"`{stepsArgument}` must be a positive number of batches. Received: {stepsArgument}={Steps}", stepsArgument);
    }

    /// <summary>Keras 2's rule: only a Sequence (here: any collection) knows its length.</summary>
    private static int Length<T>(IEnumerable<T> generator, int? steps, string stepsArgument) =>
        steps ?? (generator is ICollection<T> c ? c.Count
            : throw new ArgumentException($"`{stepsArgument}=None` is only valid for a generator based on the `keras.utils.Sequence` class. Please specify `{stepsArgument}` or use the `keras.utils.Sequence` class.", stepsArgument));

    public int Steps { get; }
    public int? Samples => null;

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

    private static IEnumerator<Batch> Take(Prefetcher prefetcher, int steps)
    {
        for (int step = 0; step < steps; step++)
        {
            var batch = prefetcher.Next();
            // Made on the worker thread; from here on the caller's scope (its step) owns it.
            foreach (var t in batch.Tensors) torch.CurrentDisposeScope?.Attach(t);
            yield return batch;
        }
    }

    private IEnumerator<Batch> Take(Prefetcher prefetcher) => Take(prefetcher, Steps);

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

    private Batch Made(ArrayData x, ArrayData? y, ArrayData? w, string what)
    {
        var inputs = _resolver.Inputs(x);
        Tensor[]? targets = null;
        if (_targets)
        {
            if (y is not { IsEmpty: false } given) throw new KerasException($"{what} has no targets: training and evaluation need (x, y) batches.");
            targets = _resolver.Targets(given);
            if (targets.Any(t => t.numel() == 0 && inputs[0].shape[0] > 0))
                throw new KerasException($"{what} has no targets: training and evaluation need (x, y) batches.");
        }
        var weights = _targets && w is { IsEmpty: false } sw ? _resolver.Targets(sw) : null;
        var batch = Batch.OnDevice(inputs, targets, weights);
        // Out of the producer's scope: the consumer attaches it to its own.
        foreach (var t in batch.Tensors) t.DetachFromDisposeScope();
        return batch;
    }

    private Batch Made(Tensor x, Tensor? y, Tensor? w, string what) =>
        Made(x, y is null ? (ArrayData?)null : (ArrayData)y, w is null ? (ArrayData?)null : (ArrayData)w, what);

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
