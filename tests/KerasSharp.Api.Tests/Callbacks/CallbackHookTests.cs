using System.Collections.Generic;
using FluentAssertions;
using KerasSharp.Callbacks;
using KerasSharp.Layers;
using KerasSharp.Models;
using Xunit;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Callbacks;

/// <summary>Which hooks run, in Keras 2.3.1's order, for fit with validation, evaluate and predict.</summary>
public sealed class CallbackHookTests
{
    private sealed class Recorder : Callback
    {
        public List<string> Calls { get; } = new();
        public override void OnTrainBegin(Logs logs) => Calls.Add("train_begin");
        public override void OnTrainEnd(Logs logs) => Calls.Add("train_end");
        public override void OnEpochBegin(int epoch, Logs logs) => Calls.Add($"epoch_begin {epoch}");
        public override void OnEpochEnd(int epoch, Logs logs) => Calls.Add($"epoch_end {epoch} [{string.Join(",", logs.Keys)}]");
        public override void OnTrainBatchBegin(int batch, Logs logs) => Calls.Add($"train_batch_begin {batch}");
        public override void OnTrainBatchEnd(int batch, Logs logs) => Calls.Add($"train_batch_end {batch}");
        public override void OnTestBegin(Logs logs) => Calls.Add("test_begin");
        public override void OnTestEnd(Logs logs) => Calls.Add($"test_end [{string.Join(",", logs.Keys)}]");
        public override void OnTestBatchBegin(int batch, Logs logs) => Calls.Add($"test_batch_begin {batch}");
        public override void OnTestBatchEnd(int batch, Logs logs) => Calls.Add($"test_batch_end {batch}");
        public override void OnPredictBegin(Logs logs) => Calls.Add("predict_begin");
        public override void OnPredictEnd(Logs logs) => Calls.Add("predict_end");
        public override void OnPredictBatchBegin(int batch, Logs logs) => Calls.Add($"predict_batch_begin {batch}");
        public override void OnPredictBatchEnd(int batch, Logs logs) => Calls.Add($"predict_batch_end {batch}");
    }

    [Fact]
    public void Fit_evaluate_and_predict_call_every_hook_in_order()
    {
        var model = new Sequential();
        model.Add(new Dense(1, input_shape: 2));
        model.Compile("sgd", "mse");
        var recorder = new Recorder();

        model.Fit(zeros(4, 2), zeros(4, 1), batch_size: 2, epochs: 1, verbose: 0, validation_data: (zeros(2, 2), zeros(2, 1)), callbacks: [recorder]);
        recorder.Calls.Should().Equal("train_begin", "epoch_begin 0", "train_batch_begin 0", "train_batch_end 0",
            "train_batch_begin 1", "train_batch_end 1", "test_begin", "test_batch_begin 0", "test_batch_end 0",
            "test_end [loss]", "epoch_end 0 [loss,val_loss]", "train_end");

        recorder.Calls.Clear();
        model.Evaluate(zeros(2, 2), zeros(2, 1), verbose: 0, callbacks: [recorder]);
        model.Predict(zeros(3, 2), batch_size: 2, callbacks: [recorder]);
        recorder.Calls.Should().Equal("test_begin", "test_batch_begin 0", "test_batch_end 0", "test_end [loss]",
            "predict_begin", "predict_batch_begin 0", "predict_batch_end 0", "predict_batch_begin 1", "predict_batch_end 1", "predict_end");
    }
}
