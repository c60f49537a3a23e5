using System;
using System.Collections.Generic;
using System.Linq;
using KerasSharp.Utils;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasSharp.Training;

/// <summary>
/// The data adapter for a <see cref="Sequence"/> (each epoch visits every batch once, in shuffled order when asked,
/// then calls <c>OnEpochEnd</c>) or an endless enumerable of batches, made ahead by an <see cref="Enqueuer"/>. A
/// Sequence's batches are made by up to <c>workers</c> threads at once (Keras's OrderedEnqueuer), as many as the cores
/// that libtorch's intra-op threads leave free; an enumerable is read by one thread, as an <c>IEnumerator</c> is not
/// thread-safe (Keras's GeneratorEnqueuer needs a thread-safe generator for more). <c>workers: 0</c> makes each batch
/// on the caller's thread when it is needed. Batches are given as Keras gives them (one array, a list, or a dictionary
/// by name) and resolved against the model's inputs and outputs there; for prediction, targets are dropped. A batch
/// joins the dispose scope that is current when the caller takes it.
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
    private readonly int _workers;
    private IEnumerator<(ArrayData X, ArrayData? Y)>? _shared;
    private Enqueuer? _generatorEnqueuer;

    /// <param name="targets">Whether batches must have targets (training and evaluation) or lose them (prediction).</param>
    public GeneratorBatches(Sequence sequence, int? steps, int maxQueueSize, int workers, bool targets, string stepsArgument, Resolver resolver)
        : this(null, sequence, steps ?? sequence.Count, maxQueueSize, workers, targets, stepsArgument, resolver)
    {
    }

    public GeneratorBatches(IEnumerable<(Tensor x, Tensor y)> generator, int? steps, int maxQueueSize, int workers, bool targets, string stepsArgument, Resolver resolver)
        : this(() => generator.Select(b => ((ArrayData)b.x, (ArrayData?)b.y)).GetEnumerator(), null, Length(generator, steps, stepsArgument), maxQueueSize, workers, targets, stepsArgument, resolver)
    {
    }

    public GeneratorBatches(IEnumerable<(ArrayData x, ArrayData y)> generator, int? steps, int maxQueueSize, int workers, bool targets, string stepsArgument, Resolver resolver)
        : this(() => generator.Select(b => (b.x, (ArrayData?)b.y)).GetEnumerator(), null, Length(generator, steps, stepsArgument), maxQueueSize, workers, targets, stepsArgument, resolver)
    {
    }

    /// <summary>A generator of inputs only, for prediction.</summary>
    public GeneratorBatches(IEnumerable<Tensor> generator, int? steps, int maxQueueSize, int workers, string stepsArgument, Resolver resolver)
        : this(() => generator.Select(x => ((ArrayData)x, (ArrayData?)null)).GetEnumerator(), null, Length(generator, steps, stepsArgument), maxQueueSize, workers, false, stepsArgument, resolver)
    {
    }

    private GeneratorBatches(Func<IEnumerator<(ArrayData, ArrayData?)>>? open, Sequence? sequence, int steps, int maxQueueSize,
                             int workers, bool targets, string stepsArgument, Resolver resolver)
    {
        _open = open;
        _sequence = sequence;
        Steps = steps;
        _maxQueueSize = maxQueueSize;
        _workers = workers;
        _targets = targets;
        _resolver = resolver;
        if (Steps <= 0) throw new ArgumentException($"`{stepsArgument}` must be a positive number of batches. Received: {stepsArgument}={Steps}", stepsArgument);
        if (maxQueueSize <= 0)
            throw new ArgumentException($"`max_queue_size` must be a positive integer. Received: max_queue_size={maxQueueSize}", "max_queue_size");
    }

    /// <summary>Keras 2's rule: only a Sequence (here: any collection) knows its length.</summary>
    private static int Length<T>(IEnumerable<T> generator, int? steps, string stepsArgument) =>
        steps ?? (generator is ICollection<T> c ? c.Count
            : throw new ArgumentException($"`{stepsArgument}=None` is only valid for a generator based on the `keras.utils.Sequence` class. Please specify `{stepsArgument}` or use the `keras.utils.Sequence` class.", stepsArgument));

    public int Steps { get; }
    public int? Samples => null;

    /// <summary>
    /// The threads that make a Sequence's batches: <paramref name="workers"/>, but no more than the cores left free by
    /// the caller's libtorch threads (each worker runs libtorch on one thread), and at least one.
    /// </summary>
    internal static int Threads(int workers) =>
        workers == 0 ? 0 : Math.Clamp(Cores - torch.get_num_threads(), 1, workers);

    /// <summary>The cores the workers may share with the training step (tests raise it to run several workers on a small machine).</summary>
    internal static int Cores { get; set; } = Environment.ProcessorCount;

    public IEnumerator<Batch> Epoch(bool shuffle)
    {
        if (_sequence is not null) return SequenceEpoch(shuffle);
        // A generator keeps its worker across epochs, as Keras's GeneratorEnqueuer; a Sequence gets new ones per epoch.
        _generatorEnqueuer ??= new Enqueuer(FromGenerator, _workers == 0 ? 0 : 1, _maxQueueSize, "KerasSharp generator worker");
        return Take(_generatorEnqueuer);
    }

    private IEnumerator<Batch> Take(Enqueuer enqueuer)
    {
        for (int step = 0; step < Steps; step++) yield return Taken(enqueuer.Next());
    }

    // Made on a worker thread; from here on the caller's scope (its step) owns it.
    private static Batch Taken(Batch batch)
    {
        foreach (var t in batch.Tensors) torch.CurrentDisposeScope?.Attach(t);
        return batch;
    }

    /// <summary>
    /// One epoch of <see cref="Steps"/> batches in passes over the Sequence, as Keras's OrderedEnqueuer cycles through
    /// it: each pass draws its batch order, its workers make the batches in that order, and when the pass has handed
    /// out its batches the workers are joined and <c>OnEpochEnd</c> runs (on the caller's thread, with no GetItem
    /// running). More steps than batches start another pass. Disposed early (a stopped fit, an exception), it joins
    /// the workers and frees the batches made ahead.
    /// </summary>
    private IEnumerator<Batch> SequenceEpoch(bool shuffle)
    {
        var handedOut = 0;
        while (handedOut < Steps)
        {
            var order = Enumerable.Range(0, _sequence!.Count).ToArray();
            if (shuffle) Shuffle(order);
            var inPass = Math.Min(order.Length, Steps - handedOut);
            var enqueuer = new Enqueuer(position => position < inPass ? FromSequence(order[position]) : null,
                                        Threads(_workers), _maxQueueSize, "KerasSharp Sequence worker");
            var passed = 0;
            try
            {
                while (passed < inPass)
                {
                    var batch = enqueuer.Next();
                    passed++;
                    handedOut++;
                    yield return Taken(batch);
                }
            }
            finally
            {
                enqueuer.Dispose();
                if (passed == inPass) _sequence.OnEpochEnd();
            }
        }
    }

    private Batch FromSequence(int index)
    {
        using var scope = torch.NewDisposeScope();
        (Tensor x, Tensor? y, Tensor? w) item;
        try
        {
            item = _sequence!.GetItem(index);
        }
        catch (Exception e)
        {
            throw new KerasException($"Batch {index} of the Sequence: GetItem({index}) raised an exception: {e.Message}", e);
        }
        return Made(item.x, item.y, item.w, $"Batch {index} of the Sequence");
    }

    /// <summary>The generator's next batch (only one thread calls this), or null when it has ended.</summary>
    private Batch? FromGenerator(long position)
    {
        using var scope = torch.NewDisposeScope();
        _shared ??= _open!();
        bool more;
        try
        {
            more = _shared.MoveNext();
        }
        catch (Exception e)
        {
            throw new KerasException($"Batch {position} of the generator raised an exception: {e.Message}", e);
        }
        if (!more) return null;
        var (x, y) = _shared.Current;
        return Made(x, y, null, $"Batch {position} of the generator");
    }

    private Batch Made(ArrayData x, ArrayData? y, ArrayData? w, string what)
    {
        // Contiguous, as numpy's arrays reach Keras: a channels-first view fed to a channels-last model would make
        // every step slower; the copy is made here, on the worker, not in the step.
        var inputs = _resolver.Inputs(x).Select(t => t.contiguous()).ToArray();
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
        _generatorEnqueuer?.Dispose();
        _shared?.Dispose();
    }
}
