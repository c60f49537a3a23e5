using System;
using System.Collections.Generic;
using System.Globalization;

namespace KerasSharp.Training;

/// <summary>
/// Keras 2.2.4's support for Keras 1 keywords in the generator methods (keras/legacy/interfaces.py
/// <c>legacy_generator_methods_support</c>): each old name is converted to its Keras 2 name, with Keras's two
/// warnings; giving both names is Keras's error.
/// </summary>
internal sealed class Keras1Arguments
{
    private readonly string _method;
    private static readonly HashSet<string> StepsNames = new() { "samples_per_epoch", "val_samples", "nb_epoch", "nb_val_samples", "nb_worker" };
    private readonly List<string> _converted = new();
    private bool _stepsSemantics;

    public Keras1Arguments(string method) => _method = method;

    /// <summary>The Keras 2 value: the new argument's, or the old one's when only it was given.</summary>
    public T? Convert<T>(string oldName, T? oldValue, string newName, T? newValue, T? newDefault = null) where T : struct
    {
        if (oldValue is not T value) return newValue;
        if (newValue is T given && !EqualityComparer<T>.Default.Equals(given, newDefault ?? default))
            throw new ArgumentException($"For the `{newName}` argument, the layer received both the legacy keyword argument `{oldName}` and the Keras 2 keyword argument `{newName}`. Stick to the latter!", oldName);
        _converted.Add($"{newName}={Text(value)}");
        _stepsSemantics |= StepsNames.Contains(oldName);
        return value;
    }

    /// <summary>Keras's warnings, once conversions are done: the semantics note (when a count was renamed), then the call to write instead.</summary>
    public void Warn()
    {
        if (_converted.Count == 0) return;
        if (_stepsSemantics)
            Console.Error.WriteLine("UserWarning: The semantics of the Keras 2 argument `steps_per_epoch` is not the same as the Keras 1 argument `samples_per_epoch`. `steps_per_epoch` is the number of batches to draw from the generator at each epoch. Basically steps_per_epoch = samples_per_epoch/batch_size. Similarly `nb_val_samples`->`validation_steps` and `val_samples`->`steps` arguments have changed. Update your method calls accordingly.");
        Console.Error.WriteLine($"UserWarning: Update your `{_method}` call to the Keras 2 API: `{_method}(<generator>, {string.Join(", ", _converted)})`");
    }

    private static string Text<T>(T value) => value switch
    {
        bool b => b ? "True" : "False",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value?.ToString() ?? "None",
    };
}
