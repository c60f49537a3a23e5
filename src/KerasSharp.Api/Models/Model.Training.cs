using System;
using System.Collections.Generic;
using System.Linq;
using KerasSharp.Callbacks;
using KerasSharp.Losses;
using KerasSharp.Optimizers;
using KerasSharp.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasSharp.Models;

/// <summary>
/// Compile, Fit, Evaluate, Predict and the *OnBatch methods: Keras's arguments checked and read against the model's
/// inputs and outputs, then handed to the <see cref="Trainer"/> (Training/), which owns the loops.
/// </summary>
public partial class Model
{
    private const int DefaultBatchSize = 32;
    private CompileState? _compiled;
    private readonly List<KerasTensor> _addedLosses = new();
    private Graph? _trainingGraph;

    public Optimizer? Optimizer { get; private set; }

    /// <summary>The loss every output shares (a single-output model's loss); null when the outputs' losses differ or there is none.</summary>
    public Loss? Loss => _compiled?.SharedLoss;

    /// <summary>Keras's <c>model.metrics_names</c>: <c>loss</c>, each output's loss when there are several, then each metric's log key.</summary>
    public IReadOnlyList<string> MetricsNames => _compiled?.MetricsNames ?? new[] { "loss" };

    /// <summary>The compile arguments as given (metrics, then weighted metrics), for saving.</summary>
    internal CompileState? Compiled => _compiled;

    internal IReadOnlyList<CompiledMetric> CompiledMetrics => _compiled?.Requested ?? Array.Empty<CompiledMetric>();

    /// <summary>
    /// <c>model.compile(optimizer, loss=None, metrics=None, loss_weights=None, weighted_metrics=None)</c>. Strings work
    /// as in Keras: <c>optimizer: "rmsprop"</c>, <c>loss: "categorical_crossentropy"</c>, <c>metrics: ["accuracy"]</c>
    /// (resolved from each output's loss as Keras does). For several outputs, <paramref name="loss"/> is one loss for
    /// all, a list or a dictionary by output name, <paramref name="loss_weights"/> a list or dictionary of coefficients,
    /// and <paramref name="metrics"/> a list for every output or a dictionary of lists; the log keys are Keras's
    /// (<c>out_cls_loss</c>, <c>out_cls_accuracy</c>). <c>weighted_metrics</c> are averaged with the sample (or class)
    /// weights, Σ m·w / Σ w per batch. No loss is needed when the model has losses of its own (<see cref="AddLoss"/>). As
    /// in Keras 2, compiling again (after changing <c>Trainable</c>, say) starts the optimizer's slots for this model's
    /// weights afresh; its <c>iterations</c> go on.
    /// </summary>
    public void Compile(Optimizer optimizer, LossSpec loss = default, MetricsSpec metrics = default,
                        LossWeights loss_weights = default, MetricsSpec weighted_metrics = default)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        var outputs = OutputNames;
        IEnumerable<CompiledMetric> Specs(MetricsSpec given, bool weighted, string argument) =>
            given.For(outputs, argument).SelectMany((list, o) => given.IsPerOutput || o == 0
                ? list.Select(m => new CompiledMetric(m.ToString(), m.ToString(), weighted) { Given = m.Metric, Output = given.IsPerOutput ? o : null })
                : Enumerable.Empty<CompiledMetric>());
        CompileWith(optimizer, loss.For(outputs), loss_weights.For(outputs),
                    Specs(metrics, false, "metrics").Concat(Specs(weighted_metrics, true, "weighted_metrics")).ToList());
    }

    /// <summary><c>model.compile(loss=my_loss)</c> with a loss written as a function (a method or a lambda).</summary>
    public void Compile(Optimizer optimizer, Func<Tensor, Tensor, Tensor> loss, MetricsSpec metrics = default,
                        LossWeights loss_weights = default, MetricsSpec weighted_metrics = default) =>
        Compile(optimizer, new LossFunction(loss), metrics, loss_weights, weighted_metrics);

    /// <summary>Compiles with metrics as a saved file describes them.</summary>
    internal void Compile(Optimizer optimizer, LossSpec loss, IEnumerable<CompiledMetric> metrics, LossWeights lossWeights = default) =>
        CompileWith(optimizer, loss.For(OutputNames), lossWeights.For(OutputNames), metrics.ToList());

    private void CompileWith(Optimizer optimizer, Loss?[] losses, double[] lossWeights, IReadOnlyList<CompiledMetric> metrics)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        _compiled = new CompileState(this, losses, lossWeights, metrics);
        optimizer.ForgetSlots(Weights);
        Optimizer = optimizer;
        _collectedTrainable = Built ? TrainableWeights : null;
        _collectedUpdating = Built ? UpdatingLayers().ToHashSet() : null;
        _discrepancyWarned = false;
    }

    private Trainer RequireCompiled() =>
        Optimizer is not null && _compiled is not null ? new Trainer(this, _compiled, Optimizer)
            : throw new KerasException("You must compile your model before training/testing. Use `model.Compile(optimizer, loss)`.");

    /// <summary>
    /// Keras's <c>model.add_loss(tensor)</c>: a loss built from the graph (the VAE's reconstruction and KL terms), a
    /// symbolic tensor computed from the model's inputs; its mean is added to the loss at every step.
    /// </summary>
    public void AddLoss(KerasTensor losses)
    {
        ArgumentNullException.ThrowIfNull(losses);
        _addedLosses.AddRange(losses.Unpack());
        _trainingGraph = null;
    }

    /// <summary>The output shapes, batch axis included (a Sequential's last layer's before it has a graph).</summary>
    internal IReadOnlyList<Shape> OutputShapesForTraining =>
        KnownOutputShapes ?? new[] { Layers[^1].OutputShape ?? throw new KerasException($"Model {Name} is not built yet: call it on data first.") };

    /// <summary>
    /// Keras 2's <c>_collected_trainable_weights</c>: what was trainable when the model was compiled (or first built,
    /// for a model compiled before it knew its input). A step computes gradients for these and no others, so a frozen
    /// layer costs no backward work, and a model compiled before another froze a shared layer (the GAN recipe) still
    /// trains it, as in Keras 2.
    /// </summary>
    private IReadOnlyList<KerasVariable>? _collectedTrainable;
    private bool _discrepancyWarned;

    /// <summary>The layers whose updates (moving statistics) a training step runs, fixed when compiled as the trainable weights are.</summary>
    private HashSet<Layer>? _collectedUpdating;

    internal IReadOnlySet<Layer> CollectedUpdating() => _collectedUpdating ??= UpdatingLayers().ToHashSet();

    internal IReadOnlyList<KerasVariable> CollectedTrainable()
    {
        _collectedTrainable ??= TrainableWeights;
        if (!_discrepancyWarned && TrainableWeights.Count != _collectedTrainable.Count)
        {
            Console.Error.WriteLine("UserWarning: Discrepancy between trainable weights and collected trainable weights, did you set `model.trainable` without calling `model.compile` after ?");
            _discrepancyWarned = true;
        }
        return _collectedTrainable;
    }

    /// <summary>
    /// The outputs for a batch with their masks (which the losses apply, as Keras 2's <c>weighted_masked_objective</c>),
    /// and the values of the losses added with <see cref="AddLoss"/> (one pass over the graph).
    /// </summary>
    internal (Tensor[] Outputs, Tensor?[] Masks, Tensor[] AddedLosses) RunForTraining(Tensor[] x, bool training)
    {
        if (_addedLosses.Count == 0)
        {
            var (outputs, masks) = CallMasked(x, new Tensor?[x.Length], training);
            return (outputs, masks, Array.Empty<Tensor>());
        }
        var graph = _trainingGraph ??= new Graph(Inputs, Outputs.Concat(_addedLosses).ToList());
        var (all, allMasks) = graph.RunMasked(x, null, training);
        return (all[..Outputs.Count], allMasks[..Outputs.Count], all[Outputs.Count..]);
    }

    /// <summary>One array per input, checked against the model (which builds itself for them if it must).</summary>
    private Tensor[] InputArrays(ArrayData x, string argument = "x")
    {
        if (x.IsEmpty) throw new ArgumentNullException(argument);
        var arrays = x.For(InputNames, "input", argument);
        EnsureBuiltFor(arrays);
        if (arrays[0].shape[0] == 0)
            throw new ArgumentException($"Expect {argument} to be a non-empty array or dataset. Received: {argument} with shape {ShapeText(arrays[0].shape)}", argument);
        return arrays;
    }

    /// <summary>One target per output, standardised as Keras does (null for an output without a loss); none when no output has a loss.</summary>
    private Tensor[]? TargetArrays(ArrayData y, CompileState compiled)
    {
        var targets = compiled.Targets();
        if (y.IsEmpty)
        {
            if (targets.Any(t => t is not null)) throw new ArgumentNullException("y", "The model has outputs with a loss: give their targets (y).");
            return null;
        }
        var arrays = y.For(compiled.OutputNames, "target", "y");
        return arrays.Select((t, o) => targets[o]?.Standardize(t) ?? t).ToArray();
    }

    private Tensor?[]? SampleWeights(ArrayData sampleWeight, Tensor[]? y, IReadOnlyDictionary<int, double>? classWeight, CompileState compiled)
    {
        if (!sampleWeight.IsEmpty) return sampleWeight.For(compiled.OutputNames, "sample_weight", "sample_weight");
        if (classWeight is null) return null;
        if (y is null || y.Length != 1)
            throw new ArgumentException("`class_weight` is supported for a model of one output; give per-output `sample_weight` instead.", "class_weight");
        return new[] { ClassWeights(y[0], classWeight) };
    }

    /// <summary>
    /// A batch from a generator, checked as Keras checks arrays (the model is built by the first one, targets
    /// standardised per output); arrays were checked whole, before the first step.
    /// </summary>
    internal Batch CheckedBatch(Batch batch, IBatchSource source)
    {
        if (source is ArrayBatches) return batch;
        EnsureBuiltFor(batch.X);
        if (batch.Y is null || _compiled is null) return batch;
        var targets = _compiled.Targets();
        return batch with { Y = batch.Y.Select((t, o) => targets[o]?.Standardize(t) ?? t).ToArray() };
    }

    /// <summary>
    /// <c>model.fit</c> on in-memory arrays (any dtype; cast to float32 batch by batch, as Keras feeds float32
    /// placeholders): one array, or a list or dictionary by name for several inputs or outputs. Returns the
    /// <see cref="History"/>.
    /// </summary>
    /// <remarks><paramref name="nb_epoch"/> is Keras 1's <c>epochs</c>, converted with Keras 2's warning.</remarks>
    public History Fit(ArrayData x, ArrayData y = default, int? batch_size = null, int epochs = 1, int verbose = 1,
                       IEnumerable<Callback>? callbacks = null, double validation_split = 0.0,
                       ValidationData? validation_data = null, bool shuffle = true,
                       IReadOnlyDictionary<int, double>? class_weight = null, ArrayData sample_weight = default,
                       int initial_epoch = 0, int? validation_steps = null, int validation_freq = 1, int? nb_epoch = null)
    {
        var trainer = RequireCompiled();
        ArgumentValidation.InRange(nameof(validation_split), validation_split, 0, 1);
        if (nb_epoch is int legacyEpochs)
        {
            Console.Error.WriteLine("UserWarning: The `nb_epoch` argument in `fit` has been renamed `epochs`.");
            epochs = legacyEpochs;
        }
        var inputs = InputArrays(x);
        using var fitScope = torch.NewDisposeScope();
        var targets = TargetArrays(y, _compiled!);
        var batchSize = batch_size ?? DefaultBatchSize;
        var data = new ArrayBatches(inputs, targets, SampleWeights(sample_weight, targets, class_weight, _compiled!), batchSize);
        IBatchSource? validation = null;
        if (validation_data is not null) validation = ValidationSource(validation_data, validation_steps, batchSize, 10, 1);
        // Keras holds out the last fraction, before any shuffling.
        else if (validation_split > 0) (data, validation) = data.Split(validation_split);
        if (verbose != 0)
            Console.WriteLine(validation is ArrayBatches arrays ? $"Train on {data.Samples} samples, validate on {arrays.Samples} samples"
                : $"Train on {data.Samples} samples");
        using (validation as IDisposable)
            return trainer.Fit(data, validation, epochs, verbose, callbacks, shuffle, initial_epoch, validation_freq, "samples", batchSize);
    }

    /// <summary>
    /// Batches for <c>validation_data</c>: arrays (checked now, in batches of <paramref name="batchSize"/>), a
    /// Sequence (<c>validation_steps</c> defaults to its length) or a generator (<c>validation_steps</c> required).
    /// </summary>
    private IBatchSource ValidationSource(ValidationData data, int? validationSteps, int batchSize, int maxQueueSize, int workers)
    {
        if (data.X is { } vx)
        {
            var inputs = InputArrays(vx, "validation_data");
            var targets = TargetArrays(data.Y ?? default, _compiled!);
            var weights = data.SampleWeight is { } w ? w.For(_compiled!.OutputNames, "sample_weight", "validation_data") : null;
            var arrays = new ArrayBatches(inputs, targets, weights, batchSize);
            if (validationSteps is int vs && vs < arrays.Steps)
                throw new ArgumentException($"validation_steps={vs} would leave out part of validation_data; Keras evaluates all of an array.", "validation_steps");
            return arrays;
        }
        return data.Sequence is { } sequence
            ? new GeneratorBatches(sequence, validationSteps, maxQueueSize, workers, targets: true, "validation_steps", Resolver)
            : new GeneratorBatches(data.Generator!, validationSteps, maxQueueSize, workers, targets: true, "validation_steps", Resolver);
    }

    /// <summary>How a generator's batches are read against this model's inputs and outputs.</summary>
    private GeneratorBatches.Resolver Resolver => new(
        x => x.For(InputNames, "input", "x"),
        y => y.For(_compiled?.OutputNames ?? OutputNames, "target", "y"));

    /// <summary><c>model.evaluate</c>: [loss, output losses, metrics...] averaged over the samples (the loss includes the weight penalties, as in Keras).</summary>
    public double[] Evaluate(ArrayData x, ArrayData y = default, int? batch_size = null, int verbose = 1,
                             ArrayData sample_weight = default, IEnumerable<Callback>? callbacks = null)
    {
        var trainer = RequireCompiled();
        var inputs = InputArrays(x);
        using var scope = torch.NewDisposeScope();
        var targets = TargetArrays(y, _compiled!);
        var data = new ArrayBatches(inputs, targets, SampleWeights(sample_weight, targets, null, _compiled!), batch_size ?? DefaultBatchSize);
        return trainer.Evaluate(data, verbose, Callbacks(callbacks));
    }

    internal CallbackList? Callbacks(IEnumerable<Callback>? callbacks)
    {
        if (callbacks is null) return null;
        var list = new CallbackList(callbacks);
        list.SetModel(this);
        return list;
    }

    /// <summary>
    /// <c>model.predict</c>: the output for every sample, on the CPU. A model of several outputs returns a list in
    /// Keras, which is <see cref="PredictOutputs"/> here.
    /// </summary>
    public Tensor Predict(ArrayData x, int? batch_size = null, int verbose = 0, IEnumerable<Callback>? callbacks = null) =>
        Single(PredictOutputs(x, batch_size, verbose, callbacks), nameof(PredictOutputs));

    /// <summary>Keras's <c>model.predict</c> for a model of several outputs: one tensor per output, in order.</summary>
    public Tensor[] PredictOutputs(ArrayData x, int? batch_size = null, int verbose = 0, IEnumerable<Callback>? callbacks = null)
    {
        if (x.IsEmpty) throw new ArgumentNullException(nameof(x));
        var inputs = x.For(InputNames, "input", nameof(x));
        EnsureBuiltFor(inputs);
        // No samples, no outputs: an empty array of each output's shape, as Keras returns.
        if (inputs[0].shape[0] == 0) return OutputShapesForTraining.Select(s => torch.empty(s.ToLongArray(unknownAs: 0), float32)).ToArray();
        using var scope = torch.NewDisposeScope();
        var outputs = Trainer.Predict(this, new ArrayBatches(inputs, null, null, batch_size ?? DefaultBatchSize), verbose, Callbacks(callbacks));
        return outputs.Select(o => o.MoveToOuterDisposeScope()).ToArray();
    }

    private Tensor Single(Tensor[] outputs, string instead)
    {
        if (outputs.Length == 1) return outputs[0];
        foreach (var o in outputs) o.Dispose();
        throw new KerasException($"Model {Name} has {outputs.Length} outputs ({string.Join(", ", OutputNames)}): Keras returns a list, which is {instead} here: var (a, b) = model.{instead}(...).");
    }

    /// <summary><c>model.train_on_batch</c>: one update; returns [loss, output losses, metrics...] for this batch.</summary>
    public double[] TrainOnBatch(ArrayData x, ArrayData y = default, ArrayData sample_weight = default,
                                 IReadOnlyDictionary<int, double>? class_weight = null)
    {
        var trainer = RequireCompiled();
        var inputs = InputArrays(x);
        using var scope = torch.NewDisposeScope();
        var targets = TargetArrays(y, _compiled!);
        if (targets is { Length: > 0 } && targets[0].shape[0] != inputs[0].shape[0])
            throw new ArgumentException($"Input arrays should have the same number of samples as target arrays. Found {inputs[0].shape[0]} input samples and {targets[0].shape[0]} target samples.", nameof(y));
        return trainer.TrainStep(Batch.OnDevice(inputs, targets, SampleWeights(sample_weight, targets, class_weight, _compiled!)));
    }

    /// <summary><c>model.test_on_batch</c>: [loss, output losses, metrics...] for this batch, no update.</summary>
    public double[] TestOnBatch(ArrayData x, ArrayData y = default, ArrayData sample_weight = default)
    {
        var trainer = RequireCompiled();
        var inputs = InputArrays(x);
        using var scope = torch.NewDisposeScope();
        var targets = TargetArrays(y, _compiled!);
        if (targets is { Length: > 0 } && targets[0].shape[0] != inputs[0].shape[0])
            throw new ArgumentException($"Input arrays should have the same number of samples as target arrays. Found {inputs[0].shape[0]} input samples and {targets[0].shape[0]} target samples.", nameof(y));
        return trainer.TestStep(Batch.OnDevice(inputs, targets, SampleWeights(sample_weight, targets, null, _compiled!)));
    }

    /// <summary><c>model.predict_on_batch</c>.</summary>
    public Tensor PredictOnBatch(ArrayData x)
    {
        if (x.IsEmpty) throw new ArgumentNullException(nameof(x));
        var inputs = x.For(InputNames, "input", nameof(x));
        return Predict(x, batch_size: Math.Max(1, (int)inputs[0].shape[0]));
    }

    /// <summary>Keras's <c>standardize_weights</c> for <c>class_weight</c>: one weight per sample from its class.</summary>
    private static Tensor ClassWeights(Tensor y, IReadOnlyDictionary<int, double> classWeight)
    {
        var classes = y.dim() == 2 && y.shape[1] > 1 ? y.argmax(1) : y.reshape(-1).to_type(int64);
        var ids = classes.cpu().data<long>().ToArray();
        var missing = ids.Distinct().Where(c => !classWeight.ContainsKey((int)c)).OrderBy(c => c).ToList();
        if (missing.Count > 0)
            throw new ArgumentException($"`class_weight` must contain all classes in the data. The classes {{{string.Join(", ", missing)}}} exist in the data but not in `class_weight`.", "class_weight");
        return torch.tensor(ids.Select(c => (float)classWeight[(int)c]).ToArray());
    }
}
