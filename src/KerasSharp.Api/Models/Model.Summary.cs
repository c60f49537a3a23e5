using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace KerasSharp.Models;

/// <summary><c>model.summary()</c> in Keras 2.3.1's format (keras/utils/layer_utils.py print_summary).</summary>
public partial class Model
{
    /// <summary>
    /// Prints the summary table: one row per layer (name, class, output shape with None, parameter count) and the
    /// total, trainable and non-trainable parameter counts. A graph that is not a chain (several nodes at a depth, a
    /// layer of several inputs, or a layer called twice) gets Keras 2's wider table with a <c>Connected to</c> column
    /// (<c>layer[node][tensor]</c> for each input of each call). <paramref name="print_fn"/> receives each line.
    /// </summary>
    public void Summary(int? line_length = null, double[]? positions = null, Action<string>? print_fn = null)
    {
        var print = print_fn ?? Console.WriteLine;
        var relevant = this is Sequential ? null : Graph?.Nodes;
        var sequentialLike = relevant is null || SequentialLike(Graph!);
        var length = line_length ?? (sequentialLike ? 65 : 98);
        var relative = positions ?? (sequentialLike ? new[] { .45, .85, 1.0 } : new[] { .33, .55, .67, 1.0 });
        var columns = relative[^1] <= 1 ? relative.Select(p => (int)(length * p)).ToArray() : relative.Select(p => (int)p).ToArray();

        print($"Model: \"{Name}\"");
        print(new string('_', length));
        print(Row(columns, sequentialLike ? new[] { "Layer (type)", "Output Shape", "Param #" } : new[] { "Layer (type)", "Output Shape", "Param #", "Connected to" }));
        print(new string('=', length));
        for (int i = 0; i < Layers.Count; i++)
        {
            var layer = Layers[i];
            var fields = new List<string> { $"{layer.Name} ({LayerClass(layer)})", SummaryShape(layer), layer.CountParams().ToString(CultureInfo.InvariantCulture) };
            if (sequentialLike)
            {
                print(Row(columns, fields.ToArray()));
            }
            else
            {
                var connections = layer.InboundNodesList.Where(relevant!.Contains)
                    .SelectMany(node => node.Inputs.Select(t => $"{t.Layer.Name}[{t.Node.Index + Saving.FunctionalConfig.NodeOffset(t.Layer, keras3: false)}][{t.Index}]")).ToList();
                fields.Add(connections.FirstOrDefault() ?? "");
                print(Row(columns, fields.ToArray()));
                foreach (var connection in connections.Skip(1)) print(Row(columns, "", "", "", connection));
            }
            print(new string(i == Layers.Count - 1 ? '=' : '_', length));
        }
        var trainable = (_collectedTrainable ?? TrainableWeights).Sum(v => v.Size);
        var nonTrainable = NonTrainableWeights.Distinct().Sum(v => v.Size);
        print($"Total params: {Thousands(trainable + nonTrainable)}");
        print($"Trainable params: {Thousands(trainable)}");
        print($"Non-trainable params: {Thousands(nonTrainable)}");
        print(new string('_', length));
    }

    /// <summary>Keras 2.2.4's test: one node per depth, none with several inputs, no layer called twice in the graph.</summary>
    private bool SequentialLike(Graph graph)
    {
        var depths = graph.Nodes.GroupBy(n => graph.Depth(n));
        if (depths.Any(d => d.Count() > 1 || d.First().Inputs.Select(t => t.Layer).Count() > 1)) return false;
        return Layers.All(l => l.InboundNodesList.Count(graph.Contains) <= 1);
    }

    private static string LayerClass(Layer layer) => layer is Model m ? m.KerasClassName : layer.GetType().Name;

    /// <summary>Keras's <c>layer.output_shape</c> as printed: one shape, a list for several outputs, or "multiple" when calls differ.</summary>
    private static string SummaryShape(Layer layer)
    {
        var shapes = layer.InboundNodesList.Select(n => string.Join(", ", n.Outputs.Select(o => o.Shape.ToString())) is var text && n.Outputs.Count > 1 ? $"[{text}]" : text)
            .Distinct().ToList();
        return shapes.Count switch
        {
            1 => shapes[0],
            0 => layer.OutputShape?.ToString() ?? "multiple",
            _ => "multiple",
        };
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
