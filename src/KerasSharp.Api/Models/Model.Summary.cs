using System;
using System.Globalization;
using System.Linq;
using System.Text;

namespace KerasSharp.Models;

/// <summary><c>model.summary()</c> in Keras 2.3.1's format (keras/utils/layer_utils.py print_summary).</summary>
public partial class Model
{
    /// <summary>
    /// Prints the summary table: one row per layer (name, class, output shape with None, parameter count) and the
    /// total, trainable and non-trainable parameter counts. <paramref name="print_fn"/> receives each line.
    /// </summary>
    public void Summary(int? line_length = null, double[]? positions = null, Action<string>? print_fn = null)
    {
        var print = print_fn ?? Console.WriteLine;
        var length = line_length ?? 65;
        var relative = positions ?? new[] { .45, .85, 1.0 };
        var columns = relative[^1] <= 1 ? relative.Select(p => (int)(length * p)).ToArray() : relative.Select(p => (int)p).ToArray();

        print($"Model: \"{Name}\"");
        print(new string('_', length));
        print(Row(columns, "Layer (type)", "Output Shape", "Param #"));
        print(new string('=', length));
        for (int i = 0; i < Layers.Count; i++)
        {
            var layer = Layers[i];
            var shape = layer.OutputShape?.ToString() ?? "multiple";
            print(Row(columns, $"{layer.Name} ({layer.GetType().Name})", shape, layer.CountParams().ToString(CultureInfo.InvariantCulture)));
            print(new string(i == Layers.Count - 1 ? '=' : '_', length));
        }
        var trainable = TrainableWeights.Sum(v => v.Size);
        var nonTrainable = NonTrainableWeights.Sum(v => v.Size);
        print($"Total params: {Thousands(trainable + nonTrainable)}");
        print($"Trainable params: {Thousands(trainable)}");
        print($"Non-trainable params: {Thousands(nonTrainable)}");
        print(new string('_', length));
    }

    /// <summary>The summary as one string, lines ending in '\n'.</summary>
    public string SummaryText()
    {
        var text = new StringBuilder();
        Summary(print_fn: line => text.Append(line).Append('\n'));
        return text.ToString();
    }

    // Keras's print_row: each field is cut at its column's end, then padded to it; the character before each new
    // field is forced to a space.
    private static string Row(int[] positions, params string[] fields)
    {
        var line = new StringBuilder();
        for (int i = 0; i < fields.Length; i++)
        {
            if (i > 0) line.Length--;
            if (i > 0) line.Append(' ');
            line.Append(fields[i]);
            if (line.Length > positions[i]) line.Length = positions[i];
            line.Append(' ', positions[i] - line.Length);
        }
        return line.ToString();
    }

    private static string Thousands(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
