using System;
using System.Collections.Generic;
using System.Linq;
using KerasSharp.Callbacks;
using KerasSharp.Training;
using KerasSharp.Utils;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasSharp.Models;

/// <summary>
/// Keras 2's generator methods (<c>fit_generator</c>, <c>evaluate_generator</c>, <c>predict_generator</c>) and
/// <c>fit</c>/<c>evaluate</c>/<c>predict</c> on a <see cref="Sequence"/>. Batches are made ahead by worker threads
/// (at most <c>max_queue_size</c> of them ahead), in Keras's order: a Sequence's by up to <c>workers</c> threads (no
/// more than the cores libtorch's threads leave free), a generator's by one (an enumerator is not thread-safe);
/// <c>workers: 0</c> makes them on the calling thread, and <c>use_multiprocessing</c> uses threads too. A Sequence
/// knows its length, so <c>steps</c> may be left out; a generator needs it. Keras 1's keywords (<c>nb_epoch</c>, <c>samples_per_epoch</c>, <c>nb_val_samples</c>,
/// <c>val_samples</c>, <c>nb_worker</c>, <c>pickle_safe</c>, <c>max_q_size</c>) are converted with Keras 2.2.4's
/// warnings.
/// </summary>
public partial class Model
{
    /// <summary><c>model.fit</c> on a <see cref="Sequence"/> (such as <c>ImageDataGenerator.Flow</c>), as Keras 2.1+ accepts.</summary>
    public History Fit(Sequence x, int? steps_per_epoch = null, int epochs = 1, int verbose = 1,
                       IEnumerable<Callback>? callbacks = null, ValidationData? validation_data = null,
                       int? validation_steps = null, bool shuffle = true, int initial_epoch = 0,
                       int max_queue_size = 10, int workers = 1, bool use_multiprocessing = false, int validation_freq = 1)
    {
        ArgumentNullException.ThrowIfNull(x);
        CheckGeneratorArguments(null, workers);
        using var source = new GeneratorBatches(x, steps_per_epoch, max_queue_size, workers, targets: true, nameof(steps_per_epoch), Resolver);
        return FitFromSource(source, epochs, validation_steps, max_queue_size, workers, verbose, callbacks, validation_data, shuffle, initial_epoch, validation_freq);
    }

    /// <summary><c>model.fit</c> on an enumerable of (x, y) batches (an endless C# iterator needs <c>steps_per_epoch</c>).</summary>
    public History Fit(IEnumerable<(Tensor x, Tensor y)> x, int? steps_per_epoch = null, int epochs = 1, int verbose = 1,
                       IEnumerable<Callback>? callbacks = null, ValidationData? validation_data = null,
                       int? validation_steps = null, int initial_epoch = 0, int max_queue_size = 10,
                       int workers = 1, bool use_multiprocessing = false, int validation_freq = 1)
    {
        ArgumentNullException.ThrowIfNull(x);
        CheckGeneratorArguments(null, workers);
        using var source = new GeneratorBatches(x, steps_per_epoch, max_queue_size, workers, targets: true, nameof(steps_per_epoch), Resolver);
        return FitFromSource(source, epochs, validation_steps, max_queue_size, workers, verbose, callbacks, validation_data, true, initial_epoch, validation_freq);
    }

    /// <summary>
    /// <c>model.fit</c> on batches for a model of several inputs or outputs: each a list or dictionary by name
    /// (<c>yield return ([x_a, x_b], y)</c>).
    /// </summary>
    public History Fit(IEnumerable<(ArrayData x, ArrayData y)> x, int? steps_per_epoch = null, int epochs = 1, int verbose = 1,
                       IEnumerable<Callback>? callbacks = null, ValidationData? validation_data = null,
                       int? validation_steps = null, int initial_epoch = 0, int max_queue_size = 10,
                       int workers = 1, bool use_multiprocessing = false, int validation_freq = 1)
    {
        ArgumentNullException.ThrowIfNull(x);
        CheckGeneratorArguments(null, workers);
        using var source = new GeneratorBatches(x, steps_per_epoch, max_queue_size, workers, targets: true, nameof(steps_per_epoch), Resolver);
        return FitFromSource(source, epochs, validation_steps, max_queue_size, workers, verbose, callbacks, validation_data, true, initial_epoch, validation_freq);
    }

    /// <summary>
    /// Keras 2's <c>fit_generator</c> on a <see cref="Sequence"/>: converts Keras 1's keywords and forwards to
    /// <see cref="Fit(Sequence, int?, int, int, IEnumerable{Callback}?, ValidationData?, int?, bool, int, int, int, bool, int)"/>.
    /// <c>steps_per_epoch</c> defaults to the Sequence's length; <c>validation_data</c> may be arrays, a Sequence or
    /// a generator.
    /// </summary>
    public History FitGenerator(Sequence generator, int? steps_per_epoch = null, int epochs = 1, int verbose = 1,
                                IEnumerable<Callback>? callbacks = null, ValidationData? validation_data = null,
                                int? validation_steps = null, IReadOnlyDictionary<int, double>? class_weight = null,
                                int max_queue_size = 10, int workers = 1, bool use_multiprocessing = false,
                                bool shuffle = true, int initial_epoch = 0, int validation_freq = 1,
                                int? nb_epoch = null, int? samples_per_epoch = null, int? nb_val_samples = null,
                                int? nb_worker = null, bool? pickle_safe = null, int? max_q_size = null)
    {
        ArgumentNullException.ThrowIfNull(generator);
        // Keras divides samples_per_epoch by the generator's batch_size when it has one (hasattr).
        var batchSize = generator.GetType().GetProperty("BatchSize")?.GetValue(generator) as int?;
        var legacy = new Keras1Arguments("fit_generator");
        var steps = legacy.Convert("samples_per_epoch", samples_per_epoch / (batchSize ?? 1), "steps_per_epoch", steps_per_epoch);
        var call = Keras1(legacy, epochs, validation_steps, max_queue_size, workers, use_multiprocessing,
                          nb_epoch, nb_val_samples, nb_worker, pickle_safe, max_q_size);
        CheckGeneratorArguments(class_weight, call.Workers);
        return Fit(generator, steps, call.Epochs, verbose, callbacks, validation_data, call.ValidationSteps, shuffle,
                   initial_epoch, call.MaxQueueSize, call.Workers, use_multiprocessing, validation_freq);
    }

    /// <summary>
    /// <c>fit_generator</c> on any enumerable of (x, y) batches, e.g. a C# iterator that loops forever as Keras
    /// generators do (<c>steps_per_epoch</c> is then required): converts Keras 1's keywords and forwards to
    /// <c>Fit</c>. <c>shuffle</c> only concerns a Sequence, as in Keras.
    /// </summary>
    public History FitGenerator(IEnumerable<(Tensor x, Tensor y)> generator, int? steps_per_epoch = null, int epochs = 1,
                                int verbose = 1, IEnumerable<Callback>? callbacks = null,
                                ValidationData? validation_data = null, int? validation_steps = null,
                                IReadOnlyDictionary<int, double>? class_weight = null, int max_queue_size = 10,
                                int workers = 1, bool use_multiprocessing = false, bool shuffle = true,
                                int initial_epoch = 0, int validation_freq = 1,
                                int? nb_epoch = null, int? samples_per_epoch = null, int? nb_val_samples = null,
                                int? nb_worker = null, bool? pickle_safe = null, int? max_q_size = null)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var legacy = new Keras1Arguments("fit_generator");
        var steps = legacy.Convert("samples_per_epoch", samples_per_epoch, "steps_per_epoch", steps_per_epoch);
        var call = Keras1(legacy, epochs, validation_steps, max_queue_size, workers, use_multiprocessing,
                          nb_epoch, nb_val_samples, nb_worker, pickle_safe, max_q_size);
        CheckGeneratorArguments(class_weight, call.Workers);
        return Fit(generator, steps, call.Epochs, verbose, callbacks, validation_data, call.ValidationSteps,
                   initial_epoch, call.MaxQueueSize, call.Workers, use_multiprocessing, validation_freq);
    }

    /// <summary><c>fit_generator</c> on batches for a model of several inputs or outputs: forwards to <c>Fit</c>.</summary>
    public History FitGenerator(IEnumerable<(ArrayData x, ArrayData y)> generator, int? steps_per_epoch = null, int epochs = 1,
                                int verbose = 1, IEnumerable<Callback>? callbacks = null,
                                ValidationData? validation_data = null, int? validation_steps = null, int max_queue_size = 10,
                                int workers = 1, bool use_multiprocessing = false, bool shuffle = true,
                                int initial_epoch = 0, int validation_freq = 1) =>
        Fit(generator, steps_per_epoch, epochs, verbose, callbacks, validation_data, validation_steps, initial_epoch,
            max_queue_size, workers, use_multiprocessing, validation_freq);

    /// <summary><c>evaluate_generator</c> on batches for a model of several inputs or outputs.</summary>
    public double[] EvaluateGenerator(IEnumerable<(ArrayData x, ArrayData y)> generator, int? steps = null,
                                      IEnumerable<Callback>? callbacks = null, int max_queue_size = 10, int workers = 1,
                                      bool use_multiprocessing = false, int verbose = 0)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var call = Keras1Test("evaluate_generator", steps, max_queue_size, workers, use_multiprocessing, null, null, null, null);
        return EvaluateSource(new GeneratorBatches(generator, call.Steps, call.MaxQueueSize, call.Workers, targets: true, nameof(steps), Resolver), verbose, callbacks);
    }

    /// <summary><c>predict_generator</c> for a model of several inputs or outputs: one tensor per output (targets ignored).</summary>
    public Tensor[] PredictGeneratorOutputs(IEnumerable<(ArrayData x, ArrayData y)> generator, int? steps = null,
                                            IEnumerable<Callback>? callbacks = null, int max_queue_size = 10, int workers = 1,
                                            bool use_multiprocessing = false, int verbose = 0)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var call = Keras1Test("predict_generator", steps, max_queue_size, workers, use_multiprocessing, null, null, null, null);
        return PredictSource(new GeneratorBatches(generator, call.Steps, call.MaxQueueSize, call.Workers, targets: false, nameof(steps), Resolver), verbose, callbacks);
    }

    /// <summary><c>model.evaluate</c> on a <see cref="Sequence"/>, as tf.keras accepts: <c>evaluate_generator</c>.</summary>
    public double[] Evaluate(Sequence x, int? steps = null, int verbose = 1, IEnumerable<Callback>? callbacks = null,
                             int max_queue_size = 10, int workers = 1, bool use_multiprocessing = false) =>
        EvaluateGenerator(x, steps, callbacks, max_queue_size, workers, use_multiprocessing, verbose);

    /// <summary>
    /// Keras 2's <c>evaluate_generator</c>: [loss, metrics...] averaged over the batches, weighted by their sizes.
    /// <paramref name="val_samples"/>, <paramref name="nb_worker"/>, <paramref name="pickle_safe"/> and
    /// <paramref name="max_q_size"/> are Keras 1's names.
    /// </summary>
    public double[] EvaluateGenerator(Sequence generator, int? steps = null, IEnumerable<Callback>? callbacks = null,
                                      int max_queue_size = 10, int workers = 1, bool use_multiprocessing = false,
                                      int verbose = 0, int? val_samples = null, int? nb_worker = null,
                                      bool? pickle_safe = null, int? max_q_size = null)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var call = Keras1Test("evaluate_generator", steps, max_queue_size, workers, use_multiprocessing, val_samples, nb_worker, pickle_safe, max_q_size);
        return EvaluateSource(new GeneratorBatches(generator, call.Steps, call.MaxQueueSize, call.Workers, targets: true, nameof(steps), Resolver), verbose, callbacks);
    }

    /// <summary><c>evaluate_generator</c> on an enumerable of (x, y) batches; <c>steps</c> is required for an endless one.</summary>
    public double[] EvaluateGenerator(IEnumerable<(Tensor x, Tensor y)> generator, int? steps = null,
                                      IEnumerable<Callback>? callbacks = null, int max_queue_size = 10, int workers = 1,
                                      bool use_multiprocessing = false, int verbose = 0, int? val_samples = null,
                                      int? nb_worker = null, bool? pickle_safe = null, int? max_q_size = null)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var call = Keras1Test("evaluate_generator", steps, max_queue_size, workers, use_multiprocessing, val_samples, nb_worker, pickle_safe, max_q_size);
        return EvaluateSource(new GeneratorBatches(generator, call.Steps, call.MaxQueueSize, call.Workers, targets: true, nameof(steps), Resolver), verbose, callbacks);
    }

    /// <summary><c>model.predict</c> on a <see cref="Sequence"/>, as tf.keras accepts: <c>predict_generator</c>.</summary>
    public Tensor Predict(Sequence x, int? steps = null, int verbose = 0, IEnumerable<Callback>? callbacks = null,
                          int max_queue_size = 10, int workers = 1, bool use_multiprocessing = false) =>
        PredictGenerator(x, steps, callbacks, max_queue_size, workers, use_multiprocessing, verbose);

    /// <summary>
    /// Keras 2's <c>predict_generator</c>: the outputs of every batch, in order, concatenated on the CPU. Targets, if
    /// the Sequence has any, are ignored, so <c>flow_from_directory(class_mode: null)</c> works as in the bottleneck
    /// features tutorial.
    /// </summary>
    public Tensor PredictGenerator(Sequence generator, int? steps = null, IEnumerable<Callback>? callbacks = null,
                                   int max_queue_size = 10, int workers = 1, bool use_multiprocessing = false,
                                   int verbose = 0, int? val_samples = null, int? nb_worker = null,
                                   bool? pickle_safe = null, int? max_q_size = null)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var call = Keras1Test("predict_generator", steps, max_queue_size, workers, use_multiprocessing, val_samples, nb_worker, pickle_safe, max_q_size);
        return Single(PredictSource(new GeneratorBatches(generator, call.Steps, call.MaxQueueSize, call.Workers, targets: false, nameof(steps), Resolver), verbose, callbacks), "PredictOutputs");
    }

    /// <summary><c>predict_generator</c> on an enumerable of (x, y) batches (y ignored).</summary>
    public Tensor PredictGenerator(IEnumerable<(Tensor x, Tensor y)> generator, int? steps = null,
                                   IEnumerable<Callback>? callbacks = null, int max_queue_size = 10, int workers = 1,
                                   bool use_multiprocessing = false, int verbose = 0, int? val_samples = null,
                                   int? nb_worker = null, bool? pickle_safe = null, int? max_q_size = null)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var call = Keras1Test("predict_generator", steps, max_queue_size, workers, use_multiprocessing, val_samples, nb_worker, pickle_safe, max_q_size);
        return Single(PredictSource(new GeneratorBatches(generator, call.Steps, call.MaxQueueSize, call.Workers, targets: false, nameof(steps), Resolver), verbose, callbacks), "PredictOutputs");
    }

    /// <summary><c>predict_generator</c> on an enumerable of input batches, as a Python generator yielding x alone.</summary>
    public Tensor PredictGenerator(IEnumerable<Tensor> generator, int? steps = null, IEnumerable<Callback>? callbacks = null,
                                   int max_queue_size = 10, int workers = 1, bool use_multiprocessing = false,
                                   int verbose = 0, int? val_samples = null, int? nb_worker = null,
                                   bool? pickle_safe = null, int? max_q_size = null)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var call = Keras1Test("predict_generator", steps, max_queue_size, workers, use_multiprocessing, val_samples, nb_worker, pickle_safe, max_q_size);
        return Single(PredictSource(new GeneratorBatches(generator, call.Steps, call.MaxQueueSize, call.Workers, nameof(steps), Resolver), verbose, callbacks), "PredictOutputs");
    }

    /// <summary>The Keras 2 values of a generator call, Keras 1 names converted.</summary>
    private readonly record struct GeneratorCall(int Epochs, int? Steps, int? ValidationSteps, int MaxQueueSize, int Workers);

    private static GeneratorCall Keras1(Keras1Arguments legacy, int epochs, int? validationSteps, int maxQueueSize,
                                        int workers, bool useMultiprocessing, int? nbEpoch, int? nbValSamples,
                                        int? nbWorker, bool? pickleSafe, int? maxQSize)
    {
        var call = new GeneratorCall(
            legacy.Convert("nb_epoch", nbEpoch, "epochs", epochs, 1)!.Value,
            null,
            legacy.Convert("nb_val_samples", nbValSamples, "validation_steps", validationSteps),
            legacy.Convert("max_q_size", maxQSize, "max_queue_size", maxQueueSize, 10)!.Value,
            legacy.Convert("nb_worker", nbWorker, "workers", workers, 1)!.Value);
        legacy.Convert("pickle_safe", pickleSafe, "use_multiprocessing", useMultiprocessing, false);
        legacy.Warn();
        return call;
    }

    private static GeneratorCall Keras1Test(string method, int? steps, int maxQueueSize, int workers, bool useMultiprocessing,
                                            int? valSamples, int? nbWorker, bool? pickleSafe, int? maxQSize)
    {
        var legacy = new Keras1Arguments(method);
        var call = new GeneratorCall(0,
            legacy.Convert("val_samples", valSamples, "steps", steps),
            null,
            legacy.Convert("max_q_size", maxQSize, "max_queue_size", maxQueueSize, 10)!.Value,
            legacy.Convert("nb_worker", nbWorker, "workers", workers, 1)!.Value);
        legacy.Convert("pickle_safe", pickleSafe, "use_multiprocessing", useMultiprocessing, false);
        legacy.Warn();
        CheckGeneratorArguments(null, call.Workers);
        return call;
    }

    private static void CheckGeneratorArguments(IReadOnlyDictionary<int, double>? classWeight, int workers)
    {
        if (classWeight is not null)
            throw new ArgumentException("`class_weight` is not supported with generators yet: return per-sample weights from the Sequence instead.", "class_weight");
        if (workers < 0)
            throw new ArgumentException($"`workers` must be 0 (batches made on the calling thread) or a positive number of worker threads. Received: workers={workers}", "workers");
    }

    private History FitFromSource(GeneratorBatches source, int epochs, int? validationSteps, int maxQueueSize, int workers, int verbose,
                                  IEnumerable<Callback>? callbacks, ValidationData? validationData, bool shuffle,
                                  int initialEpoch, int validationFreq)
    {
        var trainer = RequireCompiled();
        using var fitScope = torch.NewDisposeScope();
        var validation = validationData is null ? null
            : ValidationSource(validationData, validationSteps, DefaultBatchSize, maxQueueSize, workers);
        using (validation as IDisposable)
            return trainer.Fit(source, validation, epochs, verbose, callbacks, shuffle, initialEpoch, validationFreq, "steps", null);
    }

    private double[] EvaluateSource(GeneratorBatches source, int verbose, IEnumerable<Callback>? callbacks)
    {
        var trainer = RequireCompiled();
        using var scope = torch.NewDisposeScope();
        using (source) return trainer.Evaluate(source, verbose, Callbacks(callbacks));
    }

    private Tensor[] PredictSource(GeneratorBatches source, int verbose, IEnumerable<Callback>? callbacks)
    {
        using var scope = torch.NewDisposeScope();
        using (source) return Trainer.Predict(this, source, verbose, Callbacks(callbacks)).Select(o => o.MoveToOuterDisposeScope()).ToArray();
    }
}
