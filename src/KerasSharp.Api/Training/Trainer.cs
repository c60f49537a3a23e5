using System;
using System.Collections.Generic;
using System.Linq;
using KerasSharp.Callbacks;
using KerasSharp.Models;
using KerasSharp.Optimizers;
using KerasSharp.Utils;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasSharp.Training;

/// <summary>
/// The loops of Keras 2.3.1's training (Keras 3's split: the data adapters own arrays, shuffling and batching, the
/// batch source's epoch owns the steps, this owns epochs, callbacks and validation). Every step runs in its own
/// dispose scope, which owns the step's batch from the moment it is taken; weights and optimizer state change in place.
/// </summary>
internal sealed class Trainer
{
    private readonly Model _model;
    private readonly CompileState _compiled;
    private readonly Optimizer _optimizer;

    public Trainer(Model model, CompileState compiled, Optimizer optimizer) => (_model, _compiled, _optimizer) = (model, compiled, optimizer);

    /// <summary>Keras 2.3.1's fit loop: callbacks, epochs of train steps, validation, History.</summary>
    public History Fit(IBatchSource data, IBatchSource? validation, int epochs, int verbose, IEnumerable<Callback>? callbacks,
                       bool shuffle, int initialEpoch, int validationFreq, string countMode, int? batchSize)
    {
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
        var names = _compiled.MetricsNames;
        cbs.SetModel(_model);
        cbs.SetParams(new Dictionary<string, object?>
        {
            ["batch_size"] = batchSize, ["epochs"] = epochs, ["steps"] = data.Steps,
            ["samples"] = data.Samples, ["verbose"] = verbose, ["do_validation"] = validation is not null,
            ["metrics"] = validation is null ? names : names.Concat(names.Select(n => "val_" + n)).ToList(),
        }.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value!));

        _model.StopTraining = false;
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
                    var batch = _model.CheckedBatch(batches.Current, data);
                    var batchLogs = new Logs { ["batch"] = step, ["size"] = batch.Size };
                    cbs.OnTrainBatchBegin(step, batchLogs);
                    var outs = TrainStep(batch);
                    totals.Add(outs, batch.Size);
                    for (int m = 0; m < names.Count; m++) batchLogs[names[m]] = m < _compiled.LossCount ? outs[m] : totals.Mean(m);
                    cbs.OnTrainBatchEnd(step, batchLogs);
                    if (_model.StopTraining) break;
                }
            }
            for (int m = 0; m < names.Count; m++) epochLogs[names[m]] = totals.Mean(m);
            if (validation is not null && (epoch + 1) % validationFreq == 0)
            {
                var valOuts = Evaluate(validation, verbose: 0, cbs);
                for (int m = 0; m < names.Count; m++) epochLogs["val_" + names[m]] = valOuts[m];
            }
            cbs.OnEpochEnd(epoch, epochLogs);
            if (_model.StopTraining) break;
        }
        cbs.OnTrainEnd(new Logs());
        return history;
    }

    /// <summary>Keras's test loop: [loss, output losses, metrics...] averaged over the samples.</summary>
    public double[] Evaluate(IBatchSource data, int verbose, Callback? callbacks = null)
    {
        var names = _compiled.MetricsNames;
        var totals = new MeanTotals(names.Count);
        var progbar = verbose == 1 ? new Progbar(data.Samples ?? data.Steps) : null;
        callbacks?.OnTestBegin(new Logs());
        using var scope = torch.NewDisposeScope();
        using var batches = data.Epoch(shuffle: false);
        for (int step = 0; step < data.Steps; step++)
        {
            using var stepScope = torch.NewDisposeScope();
            if (!batches.MoveNext()) break;
            var batch = _model.CheckedBatch(batches.Current, data);
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

    /// <summary>One training step (the caller's scope frees it): forward, loss + penalties, backward, update.</summary>
    public double[] TrainStep(Batch batch)
    {
        var trainable = _model.CollectedTrainable();
        var collected = new HashSet<KerasVariable>(trainable);
        foreach (var v in _model.Weights)
        {
            v.Value.requires_grad = collected.Contains(v);
            v.Value.grad = null;
        }
        Tensor[] yPred, added;
        Tensor?[] masks;
        using var fused = FusedGradients.Collect();
        using (UpdateScope.Only(_model.CollectedUpdating()))
            (yPred, masks, added) = _model.RunForTraining(batch.X, training: true);
        var (total, outputLosses) = TotalLoss(batch, yPred, masks, added);
        // A model with nothing to train still runs its step (the loss, the updates), as Keras 2's does.
        if (total.requires_grad)
        {
            total.backward();
            fused.Transfer();
            _optimizer.Apply(trainable);
        }
        return _compiled.StepOutputs(total, outputLosses, batch.Y, yPred, batch.SampleWeights, masks);
    }

    public double[] TestStep(Batch batch)
    {
        using var noGrad = torch.no_grad();
        var (yPred, masks, added) = _model.RunForTraining(batch.X, training: false);
        var (total, outputLosses) = TotalLoss(batch, yPred, masks, added);
        return _compiled.StepOutputs(total, outputLosses, batch.Y, yPred, batch.SampleWeights, masks);
    }

    private (Tensor, Tensor?[]) TotalLoss(Batch batch, Tensor[] yPred, Tensor?[] masks, Tensor[] added)
    {
        var penalty = _model.RegularizationLoss();
        var extra = penalty is null ? added : added.Append(penalty);
        return _compiled.TotalLoss(batch.Y ?? Array.Empty<Tensor>(), yPred, batch.SampleWeights, extra, masks);
    }

    /// <summary>Every batch's outputs, one tensor per model output, on the CPU; the progress bar counts samples for arrays, else steps.</summary>
    public static Tensor[] Predict(Model model, IBatchSource data, int verbose, CallbackList? callbacks)
    {
        callbacks?.OnPredictBegin(new Logs());
        var parts = new List<Tensor[]>();
        var progbar = verbose == 1 ? new Progbar(data.Samples ?? data.Steps) : null;
        var seen = 0;
        using (var batches = data.Epoch(shuffle: false))
        {
            for (int step = 0; step < data.Steps; step++)
            {
                using var stepScope = torch.NewDisposeScope();
                using var noGrad = torch.no_grad();
                if (!batches.MoveNext()) break;
                var batch = model.CheckedBatch(batches.Current, data);
                var batchLogs = new Logs { ["batch"] = step, ["size"] = batch.Size };
                callbacks?.OnPredictBatchBegin(step, batchLogs);
                var outputs = model.CallAll(batch.X, training: false);
                model.DiscardActivityLosses();
                parts.Add(outputs.Select(o => o.cpu().MoveToOuterDisposeScope()).ToArray());
                seen += (int)batch.Size;
                callbacks?.OnPredictBatchEnd(step, batchLogs);
                progbar?.Update(data.Samples is null ? step + 1 : seen);
            }
        }
        callbacks?.OnPredictEnd(new Logs());
        return Enumerable.Range(0, parts[0].Length).Select(o => torch.cat(parts.Select(p => p[o]).ToArray(), 0)).ToArray();
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
