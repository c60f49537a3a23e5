using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using FluentAssertions;
using KerasSharp.Callbacks;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Tests.Harness;
using KerasSharp.Utils;
using Xunit;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Callbacks;

/// <summary>ModelCheckpoint, CSVLogger, TerminateOnNaN and LambdaCallback on scripted logs (Keras 2.3.1 behaviour).</summary>
public sealed class FileCallbackTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("kerassharp-callbacks");

    public void Dispose() => _dir.Delete(recursive: true);

    private string PathOf(string name) => Path.Combine(_dir.FullName, name);

    private static Sequential Model()
    {
        var model = new Sequential();
        model.Add(new Dense(1, input_shape: 2));
        model.Compile("sgd", "mse", ["accuracy"]);
        return model;
    }

    private static void Drive(Callback callback, Sequential model, params (double Loss, double ValLoss)[] epochs)
    {
        callback.SetModel(model);
        callback.OnTrainBegin(new Logs());
        for (int e = 0; e < epochs.Length; e++)
        {
            model.SetWeights(new[] { full(2, 1, (float)e), full(1, (float)e) });
            callback.OnEpochEnd(e, new Logs { ["loss"] = epochs[e].Loss, ["accuracy"] = 0.5, ["val_loss"] = epochs[e].ValLoss, ["val_accuracy"] = 0.25 });
        }
        callback.OnTrainEnd(new Logs());
    }

    [Fact]
    public void Python_templates_format_as_Python_does()
    {
        var values = new Dictionary<string, object> { ["epoch"] = 7, ["val_loss"] = 0.123456, ["acc"] = 0.5 };
        PythonFormat.Format("weights.{epoch:02d}-{val_loss:.2f}.h5", values).Should().Be("weights.07-0.12.h5");
        PythonFormat.Format("{epoch}-{acc}-{val_loss:.3e}-{acc:.1%}-{epoch:4d}", values).Should().Be("7-0.5-1.235e-01-50.0%-   7");
        PythonFormat.Repr(1e-5).Should().Be("1e-05");
        PythonFormat.Repr(0.0001).Should().Be("0.0001");
        PythonFormat.Repr(2).Should().Be("2.0");
        FluentActions.Invoking(() => PythonFormat.Format("{val_acc}", values)).Should().Throw<KeyNotFoundException>().WithMessage("*{val_acc}*");
    }

    [Fact]
    public void Checkpoint_writes_every_epoch_or_only_improvements()
    {
        var model = Model();
        Drive(new ModelCheckpoint(PathOf("weights.{epoch:02d}-{val_loss:.2f}.h5"), save_weights_only: true), model,
              (1.0, 0.9), (0.8, 0.95), (0.7, 0.5));
        _dir.GetFiles().Select(f => f.Name).OrderBy(n => n).Should().Equal("weights.01-0.90.h5", "weights.02-0.95.h5", "weights.03-0.50.h5");

        var best = PathOf("best.h5");
        Drive(new ModelCheckpoint(best, save_best_only: true, save_weights_only: true), model, (1.0, 0.9), (0.8, 0.95), (0.7, 0.5), (0.6, 0.7));
        var restored = Model();
        restored.LoadWeights(best);
        Tensors.Values(restored.GetWeights()[0]).Should().Equal(new[] { 2f, 2f }, "epoch index 2 had the best val_loss; its weights were written");
    }

    [Fact]
    public void Checkpoint_of_a_whole_model_loads_back()
    {
        var model = Model();
        Drive(new ModelCheckpoint(PathOf("model-{epoch}.h5"), period: 2), model, (1.0, 0.9), (0.8, 0.95), (0.7, 0.5));
        _dir.GetFiles().Select(f => f.Name).Should().Equal("model-2.h5");
        KerasSharp.Saving.SavingApi.LoadModel(PathOf("model-2.h5")).Optimizer.Should().NotBeNull();
    }

    [Fact]
    public void CSV_logger_writes_Keras_columns_and_values()
    {
        var path = PathOf("history.csv");
        Drive(new CSVLogger(path), Model(), (1.0, 0.9), (0.625, 0.5));
        File.ReadAllText(path).Should().Be(
            "epoch,accuracy,loss,val_accuracy,val_loss\r\n" +
            "0,0.5,1.0,0.25,0.9\r\n" +
            "1,0.5,0.625,0.25,0.5\r\n");

        Drive(new CSVLogger(path, separator: ";", append: true), Model(), (0.5, 0.25));
        File.ReadAllText(path).Should().EndWith("1,0.5,0.625,0.25,0.5\r\n0;0.5;0.5;0.25;0.25\r\n", "appending adds rows without a second header");
    }

    [Fact]
    public void TerminateOnNaN_stops_training_and_LambdaCallback_calls_its_delegates()
    {
        var model = Model();
        var seen = new List<string>();
        var lambda = new LambdaCallback(on_epoch_end: (e, logs) => seen.Add($"end {e}"), on_batch_end: (b, logs) => seen.Add($"batch {b}"),
                                        on_train_begin: _ => seen.Add("begin"));
        var x = tensor(new float[] { 1e30f, 1e30f, 1e30f, 1e30f }, 2, 2);
        var history = model.Fit(x, tensor(new float[] { 1, 1 }, 2, 1), batch_size: 1, epochs: 3, verbose: 0,
                                callbacks: [new TerminateOnNaN(), lambda]);
        history.Epoch.Should().Equal(0);
        seen.Should().Equal("begin", "batch 0", "end 0");
    }
}
