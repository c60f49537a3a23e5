using System;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Threading;
using KerasSharp.Backend;

namespace KerasSharp.Training;

/// <summary>
/// Keras's enqueuers (<c>keras.utils.data_utils.OrderedEnqueuer</c> and <c>GeneratorEnqueuer</c>): worker threads make
/// batches 0, 1, 2, ... ahead of the training loop, which takes them in that order whichever worker finishes first.
/// At most <c>max_queue_size</c> batches are made or being made ahead of the one the caller last took (Keras's queue of
/// that many pending results). An exception in a worker is rethrown to the caller when it reaches that batch, after
/// the batches before it; disposing stops the workers, joins every one and disposes the batches not taken. With no
/// thread (Keras's <c>workers=0</c>) the caller makes each batch itself when it asks for it.
/// </summary>
internal sealed class Enqueuer : IDisposable
{
    private readonly Func<long, Batch?> _make;
    private readonly int _maxQueueSize;
    private readonly Thread[] _threads;
    private readonly object _lock = new();
    private readonly Dictionary<long, Outcome> _made = new();
    private long _next;
    private long _taken;
    private long _end = long.MaxValue;
    private bool _stopped;

    /// <summary>Enqueuer worker threads alive in the process (a test's view of "every worker joined").</summary>
    internal static int LiveWorkers => Volatile.Read(ref _liveWorkers);

    private static int _liveWorkers;

    /// <summary>A made batch, the exception that making it threw, or neither: the data ran out there.</summary>
    private readonly record struct Outcome(Batch? Batch, ExceptionDispatchInfo? Error);

    /// <param name="make">Makes the batch at a position (0, 1, ...); null when the data has run out.</param>
    /// <param name="threads">Worker threads (0: the caller makes each batch).</param>
    public Enqueuer(Func<long, Batch?> make, int threads, int maxQueueSize, string name)
    {
        if (maxQueueSize <= 0)
            throw new ArgumentException($"`max_queue_size` must be a positive integer. Received: max_queue_size={maxQueueSize}", "max_queue_size");
        _make = make;
        _maxQueueSize = maxQueueSize;
        _threads = new Thread[threads];
        for (int i = 0; i < threads; i++)
        {
            Interlocked.Increment(ref _liveWorkers);
            _threads[i] = new Thread(Work) { IsBackground = true, Name = $"{name} {i + 1}" };
            _threads[i].Start();
        }
    }

    private void Work()
    {
        try
        {
            // One libtorch thread per worker: the cores given to workers are counted by threads, not by teams.
            IntraOpThreads.SetForThisThread(1);
            while (true)
            {
                long position;
                lock (_lock)
                {
                    while (!_stopped && _next < _end && _next - _taken >= _maxQueueSize) Monitor.Wait(_lock);
                    if (_stopped || _next >= _end) return;
                    position = _next++;
                }
                var outcome = Make(position);
                lock (_lock)
                {
                    if (outcome.Batch is null) _end = Math.Min(_end, position + 1); // nothing after a failure or the end
                    if (_stopped) Dispose(outcome.Batch);
                    else _made[position] = outcome;
                    Monitor.PulseAll(_lock);
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref _liveWorkers);
        }
    }

    private Outcome Make(long position)
    {
        try
        {
            return new Outcome(_make(position), null);
        }
        catch (Exception e)
        {
            return new Outcome(null, ExceptionDispatchInfo.Capture(e));
        }
    }

    /// <summary>The next batch in order, waiting for its worker if needed; rethrows the exception that making it threw.</summary>
    public Batch Next()
    {
        Outcome outcome;
        if (_threads.Length == 0)
        {
            outcome = Make(_taken++);
        }
        else
        {
            lock (_lock)
            {
                while (!_made.ContainsKey(_taken) && _taken < _end) Monitor.Wait(_lock);
                if (!_made.Remove(_taken, out outcome)) outcome = default; // past the end
                _taken++;
                Monitor.PulseAll(_lock); // a place in the queue is free
            }
        }
        outcome.Error?.Throw();
        return outcome.Batch ?? throw new KerasException("The batch generator ran out of data before the epoch ended: give it more batches or lower steps_per_epoch.");
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _stopped = true;
            Monitor.PulseAll(_lock);
        }
        foreach (var thread in _threads) thread.Join();
        foreach (var outcome in _made.Values) Dispose(outcome.Batch);
        _made.Clear();
    }

    private static void Dispose(Batch? batch)
    {
        if (batch is null) return;
        foreach (var t in batch.Tensors) t.Dispose();
    }
}
