using System.Collections.Generic;
using System.IO;
using System.Linq;
using KerasSharp.Utils;

namespace KerasSharp.Callbacks;

/// <summary>
/// <c>keras.callbacks.ProgbarLogger</c>: prints <c>Epoch 1/125</c> and the progress bar. Counts samples for array
/// input and steps for generators (<c>count_mode</c>), as Keras 2.3.1. Loss is averaged over the epoch by the bar;
/// metrics arrive as running epoch means and are shown as they are.
/// </summary>
public sealed class ProgbarLogger : Callback
{
    private readonly TextWriter? _output;
    private Progbar? _progbar;
    private int _seen, _target, _epochs, _verbose;
    private bool _useSteps;
    private List<KeyValuePair<string, double>> _logValues = new();

    public ProgbarLogger(string count_mode = "samples", TextWriter? output = null)
    {
        CountMode = ArgumentValidation.OneOf(nameof(count_mode), count_mode, "samples", "steps");
        _output = output;
    }

    public string CountMode { get; }

    private IEnumerable<string> MetricNames => Params.TryGetValue("metrics", out var m) ? (IEnumerable<string>)m : Enumerable.Empty<string>();

    public override void OnTrainBegin(Logs logs)
    {
        _verbose = (int)Params["verbose"];
        _epochs = (int)Params["epochs"];
        _useSteps = CountMode == "steps";
    }

    public override void OnEpochBegin(int epoch, Logs logs)
    {
        if (_verbose == 0) return;
        (_output ?? System.Console.Out).WriteLine($"Epoch {epoch + 1}/{_epochs}");
        _target = (int)Params[_useSteps ? "steps" : "samples"];
        // Keras 2.3 metrics are stateful means: everything but the loss is shown as received.
        _progbar = new Progbar(_target, verbose: _verbose, stateful_metrics: MetricNames.Where(m => m != "loss"), output: _output);
        _seen = 0;
    }

    public override void OnTrainBatchBegin(int batch, Logs logs)
    {
        if (_seen < _target) _logValues = new List<KeyValuePair<string, double>>();
    }

    public override void OnTrainBatchEnd(int batch, Logs logs)
    {
        _seen += _useSteps ? 1 : (int)logs.GetValueOrDefault("size", 0);
        foreach (var k in MetricNames)
            if (logs.TryGetValue(k, out var v)) _logValues.Add(new(k, v));
        if (_verbose != 0 && _seen < _target) _progbar!.Update(_seen, _logValues);
    }

    public override void OnEpochEnd(int epoch, Logs logs)
    {
        foreach (var k in MetricNames)
            if (logs.TryGetValue(k, out var v)) _logValues.Add(new(k, v));
        if (_verbose != 0) _progbar!.Update(_seen, _logValues);
    }
}
