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
public partial class Model
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

    /// <summary>
    /// <c>model.compile(optimizer, loss, metrics, weighted_metrics)</c>. Strings work as in Keras: <c>optimizer: "rmsprop"</c>,
    /// <c>loss: "categorical_crossentropy"</c>, <c>metrics: ["accuracy"]</c> (resolved from the loss as Keras does).
    /// <c>weighted_metrics</c> are averaged with the sample (or class) weights, Σ m·w / Σ w per batch, and logged after
    /// the others; a repeated name gets <c>_1</c>, <c>_2</c>… as in Keras 2.3.1. As in Keras 2, compiling again (after
    /// changing <c>Trainable</c>, say) starts the optimizer's slots for this model's weights afresh; its
    /// <c>iterations</c> go on.
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
        optimizer.ForgetSlots(Weights);
        Optimizer = optimizer;
        Loss = loss;
        _requestedMetrics = requested;
        _metrics = null;
        _collectedTrainable = Built ? TrainableWeights : null;
        _discrepancyWarned = false;
    }

    private List<Metric> ResolvedMetrics => _metrics ??=
        _requestedMetrics.Select(m => Metric.Get(m.Function, Loss, Layers.LastOrDefault()?.OutputShape, m.Name)).ToList();

    private (Optimizer Optimizer, Loss Loss) RequireCompiled() =>
        Optimizer is not null && Loss is not null ? (Optimizer, Loss)
            : throw new KerasException("You must compile your model before training/testing. Use `model.Compile(optimizer, loss)`.");

    /// <summary>How targets are standardised and checked against the (built) model's output.</summary>
    private TargetSpec Targets() => new(Loss!, Layers[^1].Name, Layers[^1].OutputShape!);

    /// <summary>The model's inputs, checked: not null, not empty, of the model's shape (the model is built for them).</summary>
    private void CheckInputs(Tensor x, string argument = "x")
    {
        ArgumentNullException.ThrowIfNull(x, argument);
        EnsureBuiltFor(x);
        if (x.shape[0] == 0)
            throw new ArgumentException($"Expect {argument} to be a non-empty array or dataset. Received: {argument} with shape {Layer.ShapeText(x.shape)}", argument);
    }

    /// <summary>
    /// <c>model.fit</c> on in-memory tensors (any dtype; cast to float32 batch by batch, as Keras feeds float32
    /// placeholders). Returns the <see cref="History"/>.
    /// </summary>
    /// <remarks><paramref name="nb_epoch"/> is Keras 1's <c>epochs</c>, converted with Keras 2's warning.</remarks>
    public History Fit(Tensor x, Tensor y, int? batch_size = null, int epochs = 1, int verbose = 1,
                       IEnumerable<Callback>? callbacks = null, double validation_split = 0.0,
                       ValidationData? validation_data = null, bool shuffle = true,
                       IReadOnlyDictionary<int, double>? class_weight = null, Tensor? sample_weight = null,
                       int initial_epoch = 0, int? validation_steps = null, int validation_freq = 1, int? nb_epoch = null)
    {
        RequireCompiled();
        ArgumentValidation.InRange(nameof(validation_split), validation_split, 0, 1);
        if (nb_epoch is int legacyEpochs)
        {
            Console.Error.WriteLine("UserWarning: The `nb_epoch` argument in `fit` has been renamed `epochs`.");
            epochs = legacyEpochs;
        }
        CheckInputs(x);
        ArgumentNullException.ThrowIfNull(y);
        using var fitScope = torch.NewDisposeScope();
        y = Targets().Standardize(y);
        var batchSize = batch_size ?? DefaultBatchSize;
        IBatchSource? validation = null;
        if (validation_data is not null)
        {
            validation = ValidationSource(validation_data, validation_steps, batchSize, 10);
        }
        else if (validation_split > 0)
        {
            // Keras holds out the last fraction, before any shuffling.
            var samples = x.shape[0];
            var splitAt = (int)(samples * (1.0 - validation_split));
            if (splitAt == 0 || splitAt == samples)
                throw new ArgumentException(FormattableString.Invariant($"Training data contains {samples} samples, which is not sufficient to split it into a validation and training set as specified by `validation_split={validation_split}`. Either provide more data, or a different value for the `validation_split` argument."), nameof(validation_split));
            validation = new ArrayBatches(x[splitAt..], y[splitAt..], sample_weight?[splitAt..], batchSize);
            (x, y) = (x[..splitAt], y[..splitAt]);
            sample_weight = sample_weight?[..splitAt];
        }
        var data = new ArrayBatches(x, y, sample_weight ?? ClassWeights(y, class_weight), batchSize);
        if (verbose != 0)
            Console.WriteLine(validation is ArrayBatches arrays ? $"Train on {data.Samples} samples, validate on {arrays.Samples} samples"
                : $"Train on {data.Samples} samples");
        using (validation as IDisposable)
            return TrainLoop(data, validation, epochs, verbose, callbacks, shuffle, initial_epoch, validation_freq, "samples", batchSize);
    }

    /// <summary>
    /// Batches for <c>validation_data</c>: arrays (checked now, in batches of <paramref name="batchSize"/>), a
    /// Sequence (<c>validation_steps</c> defaults to its length) or a generator (<c>validation_steps</c> required).
    /// </summary>
    private IBatchSource ValidationSource(ValidationData data, int? validationSteps, int batchSize, int maxQueueSize)
    {
        if (data.X is { } vx)
        {
            CheckInputs(vx, "validation_data");
            var arrays = new ArrayBatches(vx, Targets().Standardize(data.Y!), data.SampleWeight, batchSize);
            if (validationSteps is int vs && vs < arrays.Steps)
                throw new ArgumentException($"validation_steps={vs} would leave out part of validation_data; Keras evaluates all of an array.", "validation_steps");
            return arrays;
        }
        return data.Sequence is { } sequence
            ? new GeneratorBatches(sequence, validationSteps, maxQueueSize, targets: true, "validation_steps")
            : new GeneratorBatches(data.Generator!, validationSteps, maxQueueSize, targets: true, "validation_steps");
    }

    /// <summary>Keras 2.3.1's fit loop: callbacks, epochs of train steps, validation, History.</summary>
    private History TrainLoop(IBatchSource data, IBatchSource? validation, int epochs, int verbose,
                              IEnumerable<Callback>? callbacks, bool shuffle, int initialEpoch, int validationFreq,
                              string countMode, int? batchSize)
    {
        var optimizer = Optimizer!;
        if (initialEpoch < 0)
            throw new ArgumentException($"`initial_epoch` must be >= 0. Received: initial_epoch={initialEpoch}", "initial_epoch");
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
                    var batch = Checked(Adopt(stepScope, batches.Current), data);
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

    /// <summary>
    /// A generator's batch, checked as Keras checks arrays (the model is built by the first one); arrays were
    /// checked whole, before the first step.
    /// </summary>
    private Batch Checked(Batch batch, IBatchSource source)
    {
        if (source is ArrayBatches) return batch;
        EnsureBuiltFor(batch.X);
        return batch.Y is null ? batch : batch with { Y = Targets().Standardize(batch.Y) };
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
        CheckInputs(x);
        ArgumentNullException.ThrowIfNull(y);
        using var scope = torch.NewDisposeScope();
        return TestLoop(new ArrayBatches(x, Targets().Standardize(y), sample_weight, batch_size ?? DefaultBatchSize), verbose, Callbacks(callbacks));
    }

    internal CallbackList? Callbacks(IEnumerable<Callback>? callbacks)
    {
        if (callbacks is null) return null;
        var list = new CallbackList(callbacks);
        list.SetModel(this);
        return list;
    }

    /// <summary><c>model.predict</c>: the outputs for every sample, concatenated, on the CPU.</summary>
    public Tensor Predict(Tensor x, int? batch_size = null, int verbose = 0, IEnumerable<Callback>? callbacks = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        EnsureBuiltFor(x);
        // No samples, no outputs: an empty array of the output's shape, as Keras returns.
        if (x.shape[0] == 0) return torch.empty(Layers[^1].OutputShape!.ToLongArray(unknownAs: 0), float32);
        using var scope = torch.NewDisposeScope();
        var result = PredictLoop(new ArrayBatches(x, null, null, batch_size ?? DefaultBatchSize), verbose, Callbacks(callbacks));
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>Every batch's outputs, on the CPU, concatenated; the progress bar counts samples for arrays, else steps.</summary>
    private Tensor PredictLoop(IBatchSource data, int verbose, CallbackList? callbacks)
    {
        callbacks?.OnPredictBegin(new Logs());
        var parts = new List<Tensor>();
        var progbar = verbose == 1 ? new Progbar(data.Samples ?? data.Steps) : null;
        var seen = 0;
        using (var batches = data.Epoch(shuffle: false))
        {
            for (int step = 0; step < data.Steps; step++)
            {
                using var stepScope = torch.NewDisposeScope();
                using var noGrad = torch.no_grad();
                if (!batches.MoveNext()) break;
                var batch = Checked(Adopt(stepScope, batches.Current), data);
                var batchLogs = new Logs { ["batch"] = step, ["size"] = batch.Size };
                callbacks?.OnPredictBatchBegin(step, batchLogs);
                var output = Call(batch.X, training: false);
                DiscardActivityLosses();
                parts.Add(output.cpu().MoveToOuterDisposeScope());
                seen += (int)batch.Size;
                callbacks?.OnPredictBatchEnd(step, batchLogs);
                progbar?.Update(data.Samples is null ? step + 1 : seen);
            }
        }
        callbacks?.OnPredictEnd(new Logs());
        return torch.cat(parts, 0);
    }

    /// <summary><c>model.train_on_batch</c>: one update; returns [loss, metrics...] for this batch.</summary>
    public double[] TrainOnBatch(Tensor x, Tensor y, Tensor? sample_weight = null,
                                 IReadOnlyDictionary<int, double>? class_weight = null)
    {
        var (optimizer, _) = RequireCompiled();
        CheckInputs(x);
        ArgumentNullException.ThrowIfNull(y);
        using var scope = torch.NewDisposeScope();
        if (y.shape[0] != x.shape[0])
            throw new ArgumentException($"Input arrays should have the same number of samples as target arrays. Found {x.shape[0]} input samples and {y.shape[0]} target samples.", nameof(y));
        y = Targets().Standardize(y);
        return TrainStep(Batch.OnDevice(x, y, sample_weight ?? ClassWeights(y, class_weight)), optimizer);
    }

    /// <summary><c>model.test_on_batch</c>: [loss, metrics...] for this batch, no update.</summary>
    public double[] TestOnBatch(Tensor x, Tensor y, Tensor? sample_weight = null)
    {
        RequireCompiled();
        CheckInputs(x);
        ArgumentNullException.ThrowIfNull(y);
        using var scope = torch.NewDisposeScope();
        if (y.shape[0] != x.shape[0])
            throw new ArgumentException($"Input arrays should have the same number of samples as target arrays. Found {x.shape[0]} input samples and {y.shape[0]} target samples.", nameof(y));
        y = Targets().Standardize(y);
        return TestStep(Batch.OnDevice(x, y, sample_weight));
    }

    /// <summary><c>model.predict_on_batch</c>.</summary>
    public Tensor PredictOnBatch(Tensor x) => Predict(x, batch_size: (int)x.shape[0]);

    /// <summary>One training step (the caller's scope frees it): forward, loss + penalties, backward, update.</summary>
    /// <summary>
    /// Keras 2's <c>_collected_trainable_weights</c>: what was trainable when the model was compiled (or first built,
    /// for a model compiled before it knew its input). A step computes gradients for these and no others, so a frozen
    /// layer costs no backward work, and a model compiled before another froze a shared layer (the GAN recipe) still
    /// trains it, as in Keras 2.
    /// </summary>
    private IReadOnlyList<KerasVariable>? _collectedTrainable;
    private bool _discrepancyWarned;

    private IReadOnlyList<KerasVariable> CollectedTrainable()
    {
        _collectedTrainable ??= TrainableWeights;
        if (!_discrepancyWarned && TrainableWeights.Count != _collectedTrainable.Count)
        {
            Console.Error.WriteLine("UserWarning: Discrepancy between trainable weights and collected trainable weights, did you set `model.trainable` without calling `model.compile` after ?");
            _discrepancyWarned = true;
        }
        return _collectedTrainable;
    }

    private double[] TrainStep(Batch batch, Optimizer optimizer)
    {
        var trainable = CollectedTrainable();
        var collected = new HashSet<KerasVariable>(trainable);
        foreach (var v in Weights)
        {
            v.Value.requires_grad = collected.Contains(v);
            v.Value.grad = null;
        }
        var yPred = Call(batch.X, training: true);
        var loss = TotalLoss(batch.Y!, yPred, batch.SampleWeight);
        loss.backward();
        optimizer.Apply(trainable);
        return StepOutputs(loss, batch.Y!, yPred, batch.SampleWeight);
    }

    private double[] TestStep(Batch batch)
    {
        using var noGrad = torch.no_grad();
        var yPred = Call(batch.X, training: false);
        return StepOutputs(TotalLoss(batch.Y!, yPred, batch.SampleWeight), batch.Y!, yPred, batch.SampleWeight);
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
            var batch = Checked(Adopt(stepScope, batches.Current), data);
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

    private double[] StepOutputs(Tensor loss, Tensor y, Tensor yPred, Tensor? sampleWeight)
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
