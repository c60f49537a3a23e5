using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using ScottPlot;
using ScottPlot.MultiplotLayouts;
using ScottPlot.TickGenerators;

namespace Cifar10Example;

/// <summary>
/// The Keras tutorials' training-history figure, from CSVLogger's history.csv, as one PNG: a 'model accuracy' and a
/// 'model loss' panel side by side, each with the train and test (validation) curves against the epoch, the legend
/// upper left, in matplotlib's default size (640 x 480 a panel), face and first two colours, with a grid.
/// </summary>
public static class HistoryPlot
{
    public const int PanelWidth = 640, PanelHeight = 480;
    public static readonly Color Train = Color.FromHex("#1f77b4"), Test = Color.FromHex("#ff7f0e"), Grid = Color.FromHex("#b0b0b0");

    public static void Save(string csvPath, string pngPath)
    {
        var columns = ReadCsv(csvPath);
        var rows = columns.Values.First().Length;
        var epochs = columns.TryGetValue("epoch", out var e) ? e : Enumerable.Range(0, rows).Select(i => (double)i).ToArray();
        // Keras 2.3 logs 'accuracy', Keras 2.2 'acc'.
        var metric = new[] { "accuracy", "acc" }.FirstOrDefault(columns.ContainsKey);
        var panels = new List<Plot>();
        if (metric is not null) panels.Add(Panel(epochs, columns, metric, "model accuracy", "accuracy"));
        panels.Add(Panel(epochs, columns, "loss", "model loss", "loss"));
        var multiplot = new Multiplot(panels[0]) { Layout = new Columns() };
        foreach (var panel in panels.Skip(1)) multiplot.AddPlot(panel);
        multiplot.SavePng(pngPath, PanelWidth * panels.Count, PanelHeight);
    }

    private static Plot Panel(double[] epochs, Dictionary<string, double[]> columns, string key, string title, string yLabel)
    {
        var plot = new Plot();
        plot.Font.Set(Fonts.ForScottPlot());
        plot.Legend.FontName = Fonts.ForScottPlot();
        // The shipped face has no bold style; matplotlib's titles and labels are not bold either.
        plot.Axes.Title.Label.Bold = false;
        plot.Axes.Bottom.Label.Bold = false;
        plot.Axes.Left.Label.Bold = false;
        plot.Title(title);
        plot.XLabel("epoch");
        plot.YLabel(yLabel);
        plot.Axes.Bottom.TickGenerator = new NumericAutomatic { IntegerTicksOnly = true };
        plot.Grid.MajorLineColor = Grid; // matplotlib's grid colour (its plt.grid())
        Series(plot, epochs, columns.GetValueOrDefault(key), "train", Train);
        Series(plot, epochs, columns.GetValueOrDefault("val_" + key), "test", Test);
        plot.ShowLegend(Alignment.UpperLeft);
        // matplotlib's legend frame: 80% opaque, so a curve under it still shows, grey edge, no shadow.
        plot.Legend.BackgroundColor = Colors.White.WithAlpha(0.8);
        plot.Legend.OutlineColor = Color.FromHex("#cccccc");
        plot.Legend.ShadowColor = Colors.Transparent;
        return plot;
    }

    private static void Series(Plot plot, double[] epochs, double[]? values, string name, Color color)
    {
        if (values is null) return;
        var points = epochs.Zip(values).Where(p => !double.IsNaN(p.Second)).ToArray();
        var line = plot.Add.Scatter(points.Select(p => p.First).ToArray(), points.Select(p => p.Second).ToArray(), color);
        line.LegendText = name;
        line.LineWidth = 1.5f;
        // Markers, so that a one-epoch history still shows its values.
        line.MarkerSize = 6;
    }

    private static Dictionary<string, double[]> ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        var cells = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        return header.Select((name, i) => (name, values: cells.Select(c => Number(c[i])).ToArray()))
                     .ToDictionary(c => c.name, c => c.values);
    }

    private static double Number(string cell) =>
        double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN;
}
