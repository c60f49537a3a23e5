using System;
using System.Collections.Generic;
using System.Linq;
using KerasSharp.Callbacks;
using KerasSharp.Losses;
using KerasSharp.Metrics;
using KerasSharp.Optimizers;
using KerasSharp.Training;
using KerasSharp.Utils;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasSharp.Models;

/// <summary>Compile, Fit, Evaluate, Predict and the *OnBatch methods, in the order of Keras 2.3.1's training loops.</summary>
public abstract partial class Model
{
    private const int DefaultBatchSize = 32;
    private IReadOnlyList<CompiledMetric> _requestedMetrics = Array.Empty<CompiledMetric>();
    private List<Metric>? _metrics;

    public Optimizer? Optimizer { get; private set; }
    public Loss? Loss { get; private set; }

    /// <summary>Keras's <c>model.metrics_names</c>: <c>loss</c>, then each metric's log key.</summary>
    public IReadOnlyList<string> MetricsNames => new[] { "loss" }.Concat(_requestedMetrics.Select(m => m.Name)).ToList();

    /// <summary>The compiled metrics, in log order (metrics, then weighted metrics).</summary>
    internal IReadOnlyList<CompiledMetric> CompiledMetrics => _requestedMetrics;

    /// <summary>Checks input <paramref name="x"/> against the model and builds it for that shape if needed.</summary>
    internal abstract void EnsureBuiltFor(Tensor x);

    /// <summary>
    /// <c>model.compile(optimizer, loss, metrics, weighted_metrics)</c>. Strings work as in Keras: <c>optimizer: "rmsprop"</c>,
    /// <c>loss: "categorical_crossentropy"</c>, <c>metrics: ["accuracy"]</c> (resolved from the loss as Keras does).
    /// <c>weighted_metrics</c> are averaged with the sample (or class) weights, Σ m·w / Σ w per batch, and logged after
    /// the others; a repeated name gets <c>_1</c>, <c>_2</c>… as in Keras 2.3.1.
    /// </summary>
    public void Compile(Optimizer optimizer, Loss loss, IEnumerable<string>? metrics = null, IEnumerable<string>? weighted_metrics = null) =>
        Compile(optimizer, loss, (metrics ?? Enumerable.Empty<string>()).Select(m => new CompiledMetric(m, m, false))
            .Concat((weighted_metrics ?? Enumerable.Empty<string>()).Select(m => new CompiledMetric(m, m, true))));

    internal void Compile(Optimizer optimizer, Loss loss, IEnumerable<CompiledMetric> metrics)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(loss);
        var requested = new List<CompiledMetric>();
        foreach (var metric in metrics)
        {
            Metric.Get(metric.Function, loss); // fails now on an unknown name, as Keras does
            var name = metric.Name;
            for (int j = 1; name == "loss" || requested.Any(m => m.Name == name); j++) name = $"{metric.Name}_{j}";
            requested.Add(metric with { Name = name });
        }
        Optimizer = optimizer;
        Loss = loss;
        _requestedMetrics = requested;
        _metrics = null;
    }

    private List<Metric> ResolvedMetrics => _metrics ??=
        _requestedMetrics.Select(m => Metric.Get(m.Function, Loss, Layers.LastOrDefault()?.OutputShape, m.Name)).ToList();

    private (Optimizer Optimizer, Loss Loss) RequireCompiled() =>
        Optimizer is not null && Loss is not null ? (Optimizer, Loss)
            : throw new KerasException("You must compile your model before training/testing. Use `model.Compile(optimizer, loss)`.");

    /// <summary>
    /// <c>model.fit</c> on in-memory tensors (any dtype; cast to float32 batch by batch, as Keras feeds float32
    /// placeholders). Returns the <see cref="History"/>.
    /// </summary>
    public History Fit(Tensor x, Tensor y, int? batch_size = null, int epochs = 1, int verbose = 1,
                       IEnumerable<Callback>? callbacks = null, double validation_split = 0.0,
                       (Tensor x, Tensor y)? validation_data = null, bool shuffle = true,
                       IReadOnlyDictionary<int, double>? class_weight = null, Tensor? sample_weight = null,
                       int initial_epoch = 0, int validation_freq = 1)
    {
        RequireCompiled();
        ArgumentValidation.InRange(nameof(validation_split), validation_split, 0, 1);
        EnsureBuiltFor(x);
        using var fitScope = torch.NewDisposeScope();
        Tensor? valX = validation_data?.x, valY = validation_data?.y;
        if (validation_data is null && validation_split > 0)
        {
            // Keras holds out the last fraction, before any shuffling.
            var splitAt = (int)(x.shape[0] * (1.0 - validation_split));
            (valX, valY) = (x[splitAt..], y[splitAt..]);
            (x, y) = (x[..splitAt], y[..splitAt]);
            sample_weight = sample_weight?[..splitAt];
        }
        var batchSize = batch_size ?? DefaultBatchSize;
        var data = new ArrayBatches(x, y, sample_weight ?? ClassWeights(y, class_weight), batchSize);
        var validation = valX is null ? null : new ArrayBatches(valX, valY, null, batchSize);
        if (valX is not null) EnsureBuiltFor(valX);
        if (verbose != 0)
            Console.WriteLine(validation is null ? $"Train on {data.Samples} samples"
                : $"Train on {data.Samples} samples, validate on {validation.Samples} samples");
        return TrainLoop(data, validation, epochs, verbose, callbacks, shuffle, initial_epoch, validation_freq, "samples", batchSize);
    }

    /// <summary><c>model.fit</c> on a <see cref="Sequence"/> (such as <c>ImageDataGenerator.Flow</c>), as Keras 2.1+ accepts.</summary>
    public History Fit(Sequence x, int? steps_per_epoch = null, int epochs = 1, int verbose = 1,
                       IEnumerable<Callback>? callbacks = null, (Tensor x, Tensor y)? validation_data = null,
                       int? validation_steps = null, bool shuffle = true, int initial_epoch = 0,
                       int max_queue_size = 10, int validation_freq = 1) =>
        FitGenerator(x, steps_per_epoch, epochs, verbose, callbacks, validation_data, validation_steps, null,
                     max_queue_size, 1, shuffle, initial_epoch, validation_freq);

    /// <summary><c>model.fit</c> on an enumerable of (x, y) batches (an endless C# iterator needs <c>steps_per_epoch</c>).</summary>
    public History Fit(IEnumerable<(Tensor x, Tensor y)> x, int? steps_per_epoch = null, int epochs = 1, int verbose = 1,
                       IEnumerable<Callback>? callbacks = null, (Tensor x, Tensor y)? validation_data = null,
                       int? validation_steps = null, int initial_epoch = 0, int max_queue_size = 10,
                       int validation_freq = 1) =>
        FitGenerator(x, steps_per_epoch, epochs, verbose, callbacks, validation_data, validation_steps, null,
                     max_queue_size, 1, true, initial_epoch, validation_freq);

    /// <summary>
    /// Keras 2's <c>fit_generator</c> on a <see cref="Sequence"/>: <c>steps_per_epoch</c> defaults to its length.
    /// Batches are prepared ahead on a background worker (<c>max_queue_size</c> of them), so preparing data overlaps
    /// training. <c>workers</c> other than 1 is refused: one worker thread is what KerasSharp runs.
    /// </summary>
    public History FitGenerator(Sequence generator, int? steps_per_epoch = null, int epochs = 1, int verbose = 1,
                                IEnumerable<Callback>? callbacks = null, (Tensor x, Tensor y)? validation_data = null,
                                int? validation_steps = null, IReadOnlyDictionary<int, double>? class_weight = null,
                                int max_queue_size = 10, int workers = 1, bool shuffle = true, int initial_epoch = 0,
                                int validation_freq = 1)
    {
        CheckGeneratorArguments(class_weight, workers);
        using var source = new GeneratorBatches(generator, steps_per_epoch, max_queue_size);
        return FitFromSource(source, epochs, verbose, callbacks, validation_data, validation_steps, shuffle, initial_epoch, validation_freq);
    }

    /// <summary>
    /// <c>fit_generator</c> on any enumerable of (x, y) batches, e.g. a C# iterator that loops forever as Keras
    /// generators do; <c>steps_per_epoch</c> is then required.
    /// </summary>
    public History FitGenerator(IEnumerable<(Tensor x, Tensor y)> generator, int? steps_per_epoch = null, int epochs = 1,
                                int verbose = 1, IEnumerable<Callback>? callbacks = null,
                                (Tensor x, Tensor y)? validation_data = null, int? validation_steps = null,
                                IReadOnlyDictionary<int, double>? class_weight = null, int max_queue_size = 10,
                                int workers = 1, bool shuffle = true, int initial_epoch = 0, int validation_freq = 1)
    {
        CheckGeneratorArguments(class_weight, workers);
        using var source = new GeneratorBatches(generator, steps_per_epoch, max_queue_size, nameof(steps_per_epoch));
        return FitFromSource(source, epochs, verbose, callbacks, validation_data, validation_steps, shuffle, initial_epoch, validation_freq);
    }

    private static void CheckGeneratorArguments(IReadOnlyDictionary<int, double>? classWeight, int workers)
    {
        if (classWeight is not null)
            throw new ArgumentException("`class_weight` is not supported with generators yet: return per-sample weights from the Sequence instead.", "class_weight");
        if (workers != 1)
            throw new ArgumentException($"KerasSharp prepares generator batches on one background worker. Received: workers={workers}", "workers");
    }

    private History FitFromSource(GeneratorBatches source, int epochs, int verbose, IEnumerable<Callback>? callbacks,
                                  (Tensor x, Tensor y)? validationData, int? validationSteps, bool shuffle,
                                  int initialEpoch, int validationFreq)
    {
        RequireCompiled();
        using var fitScope = torch.NewDisposeScope();
        ArrayBatches? validation = null;
        if (validationData is (Tensor vx, Tensor vy))
        {
            EnsureBuiltFor(vx);
            validation = new ArrayBatches(vx, vy, null, DefaultBatchSize);
            if (validationSteps is int vs && vs < validation.Steps)
                throw new ArgumentException($"validation_steps={vs} would leave out part of validation_data; Keras evaluates all of an array.", "validation_steps");
        }
        return TrainLoop(source, validation, epochs, verbose, callbacks, shuffle, initialEpoch, validationFreq, "steps", null);
    }

    /// <summary>Keras 2.3.1's fit loop: callbacks, epochs of train steps, validation, History.</summary>
    private History TrainLoop(IBatchSource data, IBatchSource? validation, int epochs, int verbose,
                              IEnumerable<Callback>? callbacks, bool shuffle, int initialEpoch, int validationFreq,
                              string countMode, int? batchSize)
    {
        var optimizer = Optimizer!;
        if (validationFreq <= 0)
            throw new ArgumentException($"`validation_freq` must be a positive integer. Received: validation_freq={validationFreq}", "validation_freq");
        var history = new History();
        var list = new List<Callback>();
        if (verbose != 0) list.Add(new ProgbarLogger(countMode));
        list.AddRange(callbacks ?? Enumerable.Empty<Callback>());
        list.Add(history);
        var cbs = new CallbackList(list);
        var names = MetricsNames;
        cbs.SetModel(this);
        cbs.SetParams(new Dictionary<string, object?>
        {
            ["batch_size"] = batchSize, ["epochs"] = epochs, ["steps"] = data.Steps,
            ["samples"] = data.Samples, ["verbose"] = verbose, ["do_validation"] = validation is not null,
            ["metrics"] = validation is null ? names : names.Concat(names.Select(n => "val_" + n)).ToList(),
        }.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value!));

        StopTraining = false;
        cbs.OnTrainBegin(new Logs());
        for (int epoch = initialEpoch; epoch < epochs; epoch++)
        {
            var epochLogs = new Logs();
            cbs.OnEpochBegin(epoch, epochLogs);
            var totals = new MeanTotals(names.Count);
            using (var epochScope = torch.NewDisposeScope())
            {
                using var batches = data.Epoch(shuffle);
                for (int step = 0; step < data.Steps; step++)
                {
                    using var stepScope = torch.NewDisposeScope();
                    if (!batches.MoveNext()) break;
                    var batch = Adopt(stepScope, batches.Current);
                    var batchLogs = new Logs { ["batch"] = step, ["size"] = batch.Size };
                    cbs.OnTrainBatchBegin(step, batchLogs);
                    var outs = TrainStep(batch, optimizer);
                    totals.Add(outs, batch.Size);
                    batchLogs["loss"] = outs[0];
                    for (int m = 1; m < names.Count; m++) batchLogs[names[m]] = totals.Mean(m);
                    cbs.OnTrainBatchEnd(step, batchLogs);
                    if (StopTraining) break;
                }
            }
            for (int m = 0; m < names.Count; m++) epochLogs[names[m]] = totals.Mean(m);
            if (validation is not null && (epoch + 1) % validationFreq == 0)
            {
                var valOuts = TestLoop(validation, verbose: 0, cbs);
                for (int m = 0; m < names.Count; m++) epochLogs["val_" + names[m]] = valOuts[m];
            }
            cbs.OnEpochEnd(epoch, epochLogs);
            if (StopTraining) break;
        }
        cbs.OnTrainEnd(new Logs());
        return history;
    }

    /// <summary>A batch made on another thread joins the step's scope, so it is freed with the step.</summary>
    private static Batch Adopt(DisposeScope scope, Batch batch)
    {
        if (!batch.Untracked) return batch;
        scope.Attach(batch.X);
        if (batch.Y is not null) scope.Attach(batch.Y);
        if (batch.SampleWeight is not null) scope.Attach(batch.SampleWeight);
        return batch;
    }

    /// <summary><c>model.evaluate</c>: [loss, metrics...] averaged over the samples (the loss includes the weight penalties, as in Keras).</summary>
    public double[] Evaluate(Tensor x, Tensor y, int? batch_size = null, int verbose = 1, Tensor? sample_weight = null,
                             IEnumerable<Callback>? callbacks = null)
    {
        RequireCompiled();
        EnsureBuiltFor(x);
        using var scope = torch.NewDisposeScope();
        return TestLoop(new ArrayBatches(x, y, sample_weight, batch_size ?? DefaultBatchSize), verbose, Callbacks(callbacks));
    }

    private CallbackList? Callbacks(IEnumerable<Callback>? callbacks)
    {
        if (callbacks is null) return null;
        var list = new CallbackList(callbacks);
        list.SetModel(this);
        return list;
    }

    /// <summary><c>model.predict</c>: the outputs for every sample, concatenated, on the CPU.</summary>
    public Tensor Predict(Tensor x, int? batch_size = null, int verbose = 0, IEnumerable<Callback>? callbacks = null)
    {
        EnsureBuiltFor(x);
        var cbs = Callbacks(callbacks);
        cbs?.OnPredictBegin(new Logs());
        var parts = new List<Tensor>();
        using (var predictScope = torch.NewDisposeScope())
        {
            var data = new ArrayBatches(x, null, null, batch_size ?? DefaultBatchSize);
            var progbar = verbose == 1 ? new Progbar(data.Samples) : null;
            var seen = 0;
            using var batches = data.Epoch(shuffle: false);
            for (int step = 0; step < data.Steps; step++)
            {
                using var stepScope = torch.NewDisposeScope();
                using var noGrad = torch.no_grad();
                batches.MoveNext();
                var batchLogs = new Logs { ["batch"] = step, ["size"] = batches.Current.Size };
                cbs?.OnPredictBatchBegin(step, batchLogs);
                var output = Call(batches.Current.X, training: false);
                DiscardActivityLosses();
                parts.Add(output.cpu().DetachFromDisposeScope());
                seen += (int)batches.Current.Size;
                cbs?.OnPredictBatchEnd(step, batchLogs);
                progbar?.Update(seen);
            }
        }
        cbs?.OnPredictEnd(new Logs());
        var result = torch.cat(parts, 0);
        foreach (var part in parts) part.Dispose();
        return result;
    }

    /// <summary><c>model.train_on_batch</c>: one update; returns [loss, metrics...] for this batch.</summary>
    public double[] TrainOnBatch(Tensor x, Tensor y, Tensor? sample_weight = null,
                                 IReadOnlyDictionary<int, double>? class_weight = null)
    {
        var (optimizer, _) = RequireCompiled();
        EnsureBuiltFor(x);
        using var scope = torch.NewDisposeScope();
        if (y.shape[0] != x.shape[0])
            throw new ArgumentException($"Input arrays should have the same number of samples as target arrays. Found {x.shape[0]} input samples and {y.shape[0]} target samples.", nameof(y));
        return TrainStep(Batch.OnDevice(x, y, sample_weight ?? ClassWeights(y, class_weight)), optimizer);
    }

    /// <summary><c>model.test_on_batch</c>: [loss, metrics...] for this batch, no update.</summary>
    public double[] TestOnBatch(Tensor x, Tensor y, Tensor? sample_weight = null)
    {
        RequireCompiled();
        EnsureBuiltFor(x);
        using var scope = torch.NewDisposeScope();
        if (y.shape[0] != x.shape[0])
            throw new ArgumentException($"Input arrays should have the same number of samples as target arrays. Found {x.shape[0]} input samples and {y.shape[0]} target samples.", nameof(y));
        return TestStep(Batch.OnDevice(x, y, sample_weight));
    }

    /// <summary><c>model.predict_on_batch</c>.</summary>
    public Tensor PredictOnBatch(Tensor x) => Predict(x, batch_size: (int)x.shape[0]);

    /// <summary>One training step (the caller's scope frees it): forward, loss + penalties, backward, update.</summary>
    private double[] TrainStep(Batch batch, Optimizer optimizer)
    {
        var trainable = TrainableWeights;
        foreach (var v in trainable) v.Value.grad = null;
        var yPred = Call(batch.X, training: true);
        var loss = TotalLoss(batch.Y!, yPred, batch.SampleWeight);
        loss.backward();
        optimizer.Apply(trainable);
        return Outputs(loss, batch.Y!, yPred, batch.SampleWeight);
    }

    private double[] TestStep(Batch batch)
    {
        using var noGrad = torch.no_grad();
        var yPred = Call(batch.X, training: false);
        return Outputs(TotalLoss(batch.Y!, yPred, batch.SampleWeight), batch.Y!, yPred, batch.SampleWeight);
    }

    private double[] TestLoop(IBatchSource data, int verbose, Callback? callbacks = null)
    {
        var names = MetricsNames;
        var totals = new MeanTotals(names.Count);
        var progbar = verbose == 1 ? new Progbar(data.Samples ?? data.Steps) : null;
        callbacks?.OnTestBegin(new Logs());
        using var scope = torch.NewDisposeScope();
        using var batches = data.Epoch(shuffle: false);
        for (int step = 0; step < data.Steps; step++)
        {
            using var stepScope = torch.NewDisposeScope();
            if (!batches.MoveNext()) break;
            var batch = Adopt(stepScope, batches.Current);
            var batchLogs = new Logs { ["batch"] = step, ["size"] = batch.Size };
            callbacks?.OnTestBatchBegin(step, batchLogs);
            var outs = TestStep(batch);
            totals.Add(outs, batch.Size);
            for (int m = 0; m < names.Count; m++) batchLogs[names[m]] = outs[m];
            callbacks?.OnTestBatchEnd(step, batchLogs);
            progbar?.Update(data.Samples is null ? step + 1 : (int)totals.Count);
        }
        var results = Enumerable.Range(0, names.Count).Select(totals.Mean).ToArray();
        callbacks?.OnTestEnd(new Logs(names.Select((n, i) => new KeyValuePair<string, double>(n, results[i]))));
        return results;
    }

    /// <summary>
    /// The loss Keras 2.3.1 minimises: the weighted mean of the per-sample loss (sum(l·w) / batch size) plus every
    /// regularization penalty.
    /// </summary>
    private Tensor TotalLoss(Tensor y, Tensor yPred, Tensor? sampleWeight)
    {
        var perSample = Loss!.Call(y, yPred);
        var dataLoss = sampleWeight is null ? perSample.mean() : (perSample * sampleWeight).sum() / perSample.shape[0];
        var penalty = RegularizationLoss();
        return penalty is null ? dataLoss : dataLoss + penalty;
    }

    private double[] Outputs(Tensor loss, Tensor y, Tensor yPred, Tensor? sampleWeight)
    {
        var outs = new double[1 + ResolvedMetrics.Count];
        outs[0] = loss.item<float>();
        using var noGrad = torch.no_grad();
        var predicted = yPred.detach();
        for (int m = 0; m < ResolvedMetrics.Count; m++)
        {
            var values = ResolvedMetrics[m].Call(y, predicted);
            var value = _requestedMetrics[m].Weighted && sampleWeight is not null ? (values * sampleWeight).sum() / sampleWeight.sum() : values.mean();
            outs[m + 1] = value.item<float>();
        }
        return outs;
    }

    /// <summary>Keras's <c>standardize_weights</c> for <c>class_weight</c>: one weight per sample from its class.</summary>
    private static Tensor? ClassWeights(Tensor y, IReadOnlyDictionary<int, double>? classWeight)
    {
        if (classWeight is null) return null;
        var classes = y.dim() == 2 && y.shape[1] > 1 ? y.argmax(1) : y.reshape(-1).to_type(int64);
        var ids = classes.cpu().data<long>().ToArray();
        var missing = ids.Distinct().Where(c => !classWeight.ContainsKey((int)c)).OrderBy(c => c).ToList();
        if (missing.Count > 0)
            throw new ArgumentException($"`class_weight` must contain all classes in the data. The classes {{{string.Join(", ", missing)}}} exist in the data but not in `class_weight`.", "class_weight");
        return torch.tensor(ids.Select(c => (float)classWeight[(int)c]).ToArray());
    }

    /// <summary>Sample-weighted running means of the step outputs over an epoch (Keras's BaseLogger / stateful metrics).</summary>
    private sealed class MeanTotals
    {
        private readonly double[] _sums;

        public MeanTotals(int count) => _sums = new double[count];

        public long Count { get; private set; }

        public void Add(double[] values, long samples)
        {
            for (int i = 0; i < values.Length; i++) _sums[i] += values[i] * samples;
            Count += samples;
        }

        public double Mean(int index) => Count == 0 ? double.NaN : _sums[index] / Count;
    }
}
