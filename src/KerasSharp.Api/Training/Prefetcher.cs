using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Channels;

namespace KerasSharp.Training;

/// <summary>
/// Keras's enqueuer: a background thread fills a bounded queue (<c>max_queue_size</c>) so the next batches are
/// prepared while the model trains. An exception in the worker reaches the consumer; disposing stops the worker,
/// joins it and disposes every batch still queued, so stopping early leaks neither a thread nor a tensor.
/// </summary>
internal sealed class Prefetcher : IDisposable
{
    private readonly Channel<Batch> _queue;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _worker;
    private Exception? _error;

    public Prefetcher(IEnumerable<Batch> producer, int maxQueueSize)
    {
        if (maxQueueSize <= 0)
            throw new ArgumentException($"`max_queue_size` must be a positive integer. Received: max_queue_size={maxQueueSize}", "max_queue_size");
        _queue = Channel.CreateBounded<Batch>(new BoundedChannelOptions(maxQueueSize) { SingleReader = true, SingleWriter = true });
        _worker = new Thread(() => Run(producer)) { IsBackground = true, Name = "KerasSharp batch worker" };
        _worker.Start();
    }

    private void Run(IEnumerable<Batch> producer)
    {
        try
        {
            foreach (var batch in producer)
            {
                if (!_queue.Writer.TryWrite(batch))
                {
                    try
                    {
                        _queue.Writer.WriteAsync(batch, _stop.Token).AsTask().GetAwaiter().GetResult();
                    }
                    catch (OperationCanceledException)
                    {
                        Dispose(batch);
                        break;
                    }
                }
                if (_stop.IsCancellationRequested) break;
            }
        }
        catch (Exception e)
        {
            _error = e;
        }
        finally
        {
            _queue.Writer.TryComplete();
        }
    }

    /// <summary>The next batch, waiting for the worker if needed; rethrows the worker's exception.</summary>
    public Batch Next()
    {
        try
        {
            return _queue.Reader.ReadAsync().AsTask().GetAwaiter().GetResult();
        }
        catch (ChannelClosedException)
        {
            if (_error is not null) throw new KerasException($"The batch generator raised an exception: {_error.Message}", _error);
            throw new KerasException("The batch generator ran out of data before the epoch ended: give it more batches or lower steps_per_epoch.");
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        while (_queue.Reader.TryRead(out var batch)) Dispose(batch);
        _worker.Join();
        while (_queue.Reader.TryRead(out var batch)) Dispose(batch);
        _stop.Dispose();
    }

    private static void Dispose(Batch batch)
    {
        foreach (var t in batch.Tensors) t.Dispose();
    }
}
