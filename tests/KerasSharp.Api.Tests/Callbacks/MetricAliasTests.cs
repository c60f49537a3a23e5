using System;
using System.IO;
using System.Linq;
using FluentAssertions;
using KerasSharp.Callbacks;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Tests.Harness;
using Xunit;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Callbacks;

/// <summary>
/// Keras 2.2.4 scripts compile with <c>metrics=['accuracy']</c> and monitor <c>val_acc</c> (its key then); Keras 2.3
/// logs <c>val_accuracy</c>. Either name finds the other, in monitors, History, checkpoint paths and CSV columns.
/// </summary>
public sealed class MetricAliasTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("kerassharp-alias");

    public void Dispose() => _dir.Delete(recursive: true);

    private static Sequential Model(string metric)
    {
        KerasSharp.Backend.KerasBackend.SetSeed(3);
        var model = new Sequential();
        model.Add(new Dense(3, activation: "softmax", input_shape: 4));
        model.Compile("sgd", "categorical_crossentropy", [metric]);
        return model;
    }

    private static (Tensor X, Tensor Y) Data() => (rand(16, 4), eye(3)[tensor(new long[] { 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0 })]);

    [Fact]
    public void A_2_2_4_checkpoint_on_val_acc_saves_with_2_3_keys()
    {
        var (x, y) = Data();
        var path = Path.Combine(_dir.FullName, "weights.{epoch:02d}-{val_acc:.2f}.h5");
        var history = Model("accuracy").Fit(x, y, epochs: 2, verbose: 0, validation_data: (x, y),
            callbacks: [new ModelCheckpoint(path, monitor: "val_acc", save_best_only: false, save_weights_only: true)]);

        var valAccuracy = history.Values["val_accuracy"];
        _dir.GetFiles().Select(f => f.Name).OrderBy(n => n).Should().Equal(
            $"weights.01-{valAccuracy[0]:F2}.h5", $"weights.02-{valAccuracy[1]:F2}.h5");
        history.Values["val_acc"].Should().BeSameAs(valAccuracy);
        history.Values["acc"].Should().BeSameAs(history.Values["accuracy"]);
        history.Values.ContainsKey("val_acc").Should().BeTrue();
        history.Values.Keys.Should().Equal("loss", "accuracy", "val_loss", "val_accuracy");
    }

    [Fact]
    public void Save_best_only_on_val_acc_saves_and_a_2_3_monitor_reads_2_2_4_logs()
    {
        var (x, y) = Data();
        var path = Path.Combine(_dir.FullName, "best.h5");
        Model("accuracy").Fit(x, y, epochs: 1, verbose: 0, validation_data: (x, y),
            callbacks: [new ModelCheckpoint(path, monitor: "val_acc", save_best_only: true, save_weights_only: true)]);
        File.Exists(path).Should().BeTrue("val_acc found val_accuracy, so the first epoch is an improvement");

        var stopper = new EarlyStopping(monitor: "val_accuracy", patience: 0, mode: "max");
        stopper.SetModel(Model("acc"));
        stopper.OnTrainBegin(new Logs());
        stopper.OnEpochEnd(0, new Logs { ["loss"] = 1, ["acc"] = 0.5, ["val_loss"] = 1, ["val_acc"] = 0.6 });
        stopper.OnEpochEnd(1, new Logs { ["loss"] = 1, ["acc"] = 0.5, ["val_loss"] = 1, ["val_acc"] = 0.4 });
        stopper.StoppedEpoch.Should().Be(1, "val_accuracy read val_acc, which fell");
    }

    [Fact]
    public void A_monitor_matching_no_key_warns_once_naming_the_keys()
    {
        var (x, y) = Data();
        var error = StandardError.Capture(() => Model("accuracy").Fit(x, y, epochs: 3, verbose: 0, validation_data: (x, y),
            callbacks: [new EarlyStopping(monitor: "val_f1")]));
        error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal(
            "RuntimeWarning: EarlyStopping conditioned on metric `val_f1` which is not available. Available metrics are: loss,accuracy,val_loss,val_accuracy");
    }

    [Fact]
    public void Appending_to_a_2_2_4_csv_keeps_its_acc_columns()
    {
        var (x, y) = Data();
        var csv = Path.Combine(_dir.FullName, "history.csv");
        File.WriteAllText(csv, "epoch,acc,loss,val_acc,val_loss\r\n0,0.5,1.0,0.25,1.5\r\n");

        var history = Model("accuracy").Fit(x, y, epochs: 2, initial_epoch: 1, verbose: 0, validation_data: (x, y),
            callbacks: [new CSVLogger(csv, append: true)]);

        var lines = File.ReadAllLines(csv);
        lines.Should().HaveCount(3);
        lines[0].Should().Be("epoch,acc,loss,val_acc,val_loss");
        var row = lines[2].Split(',');
        row[0].Should().Be("1");
        double.Parse(row[1], System.Globalization.CultureInfo.InvariantCulture).Should().Be(history.Values["accuracy"][0]);
        double.Parse(row[3], System.Globalization.CultureInfo.InvariantCulture).Should().Be(history.Values["val_accuracy"][0]);
    }

    [Fact]
    public void Lambda_callbacks_read_either_name_from_the_logs()
    {
        var logs = new Logs { ["loss"] = 0.3, ["accuracy"] = 0.75 };
        logs["acc"].Should().Be(0.75);
        logs.TryGetMetric("val_acc", out _).Should().BeFalse();
        FluentActions.Invoking(() => logs["val_acc"]).Should().Throw<System.Collections.Generic.KeyNotFoundException>();
    }
}
