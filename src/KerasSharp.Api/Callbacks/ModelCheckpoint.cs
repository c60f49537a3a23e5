using System;
using System.Globalization;
using System.IO;
using System.Linq;
using KerasSharp.Utils;

namespace KerasSharp.Callbacks;

/// <summary>
/// <c>keras.callbacks.ModelCheckpoint(filepath, monitor='val_loss', verbose=0, save_best_only=False,
/// save_weights_only=False, mode='auto', period=1)</c>: <c>filepath</c> is a Python format string filled with
/// <c>epoch</c> (from 1) and the logs, e.g. <c>weights.{epoch:02d}-{val_loss:.2f}.h5</c>.
/// </summary>
public sealed class ModelCheckpoint : MonitorCallback
{
    private double _best;
    private int _epochsSinceLastSave;

    public ModelCheckpoint(string filepath, string monitor = "val_loss", int verbose = 0, bool save_best_only = false,
                           bool save_weights_only = false, string mode = "auto", int period = 1)
        : base(monitor, mode, 0)
    {
        Filepath = filepath;
        Verbose = verbose;
        SaveBestOnly = save_best_only;
        SaveWeightsOnly = save_weights_only;
        Period = period;
    }

    public string Filepath { get; }
    public int Verbose { get; }
    public bool SaveBestOnly { get; }
    public bool SaveWeightsOnly { get; }
    public int Period { get; }

    public override void OnTrainBegin(Logs logs)
    {
        _best = WorstValue;
        _epochsSinceLastSave = 0;
    }

    public override void OnEpochEnd(int epoch, Logs logs)
    {
        if (++_epochsSinceLastSave < Period) return;
        _epochsSinceLastSave = 0;
        var values = logs.ToDictionary(kv => kv.Key, kv => (object)kv.Value);
        foreach (var (key, value) in logs)
            if (MetricAliases.Twin(key) is { } twin) values.TryAdd(twin, value); // {val_acc:.2f} fills from val_accuracy
        values["epoch"] = epoch + 1;
        var path = PythonFormat.Format(Filepath, values);
        if (!SaveBestOnly)
        {
            if (Verbose > 0) Console.WriteLine($"\nEpoch {epoch + 1:00000}: saving model to {path}");
            Save(path);
            return;
        }
        if (Current(logs) is not double current) return;
        if (IsImprovement(current, _best))
        {
            if (Verbose > 0) Console.WriteLine($"\nEpoch {epoch + 1:00000}: {Monitor} improved from {F5(_best)} to {F5(current)}, saving model to {path}");
            _best = current;
            Save(path);
        }
        else if (Verbose > 0)
        {
            Console.WriteLine($"\nEpoch {epoch + 1:00000}: {Monitor} did not improve from {F5(_best)}");
        }
    }

    private void Save(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        if (SaveWeightsOnly) Model!.SaveWeights(path);
        else Model!.Save(path);
    }

    private static string F5(double v) => double.IsInfinity(v) ? (v > 0 ? "inf" : "-inf") : v.ToString("F5", CultureInfo.InvariantCulture);
}
