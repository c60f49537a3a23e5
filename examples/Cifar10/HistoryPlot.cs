using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using SkiaSharp;

namespace Cifar10Example;

/// <summary>Loss and accuracy per epoch, training and validation, from CSVLogger's history.csv, as a PNG.</summary>
public static class HistoryPlot
{
    private const int Width = 520, PanelHeight = 300, Margin = 50;

    public static void Save(string csvPath, string pngPath)
    {
        var lines = File.ReadAllLines(csvPath);
        var header = lines[0].Split(',');
        var columns = header.ToDictionary(h => h, h => new List<double>());
        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split(',');
            for (int i = 0; i < header.Length; i++)
                columns[header[i]].Add(double.TryParse(cells[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN);
        }
        using var surface = SKSurface.Create(new SKImageInfo(Width, 2 * PanelHeight));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var typeface = Fonts.Sans();
        using var font = new SKFont(typeface, 13);
        var metric = header.Contains("accuracy") ? "accuracy" : header.FirstOrDefault(h => h.Contains("acc") && !h.StartsWith("val_")) ?? "loss";
        Panel(canvas, font, 0, "loss", columns.GetValueOrDefault("loss"), columns.GetValueOrDefault("val_loss"));
        Panel(canvas, font, PanelHeight, metric, columns.GetValueOrDefault(metric), columns.GetValueOrDefault("val_" + metric));
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(pngPath);
        data.SaveTo(file);
    }

    private static void Panel(SKCanvas canvas, SKFont font, float top, string name, List<double>? train, List<double>? validation)
    {
        using var axis = new SKPaint { Color = SKColors.Black, StrokeWidth = 1, IsAntialias = true };
        var (left, right, bottom, upper) = (Margin, Width - 20f, top + PanelHeight - Margin, top + 30f);
        canvas.DrawLine(left, bottom, right, bottom, axis);
        canvas.DrawLine(left, bottom, left, upper, axis);
        Fonts.Draw(canvas, $"{name} per epoch", left, top + 20, SKTextAlign.Left, font, axis);
        var all = (train ?? new()).Concat(validation ?? new()).Where(v => !double.IsNaN(v)).ToList();
        if (all.Count == 0) return;
        var (lo, hi) = (all.Min(), all.Max());
        if (hi - lo < 1e-12) (lo, hi) = (lo - 0.5, hi + 0.5);
        var n = Math.Max(train?.Count ?? 0, validation?.Count ?? 0);
        float X(int i) => n <= 1 ? (left + right) / 2 : left + (right - left) * i / (n - 1);
        float Y(double v) => (float)(bottom - (bottom - upper) * (v - lo) / (hi - lo));
        Fonts.Draw(canvas, hi.ToString("G4", CultureInfo.InvariantCulture), 4, upper + 4, SKTextAlign.Left, font, axis);
        Fonts.Draw(canvas, lo.ToString("G4", CultureInfo.InvariantCulture), 4, bottom, SKTextAlign.Left, font, axis);
        Fonts.Draw(canvas, $"epoch 1..{n}", right, bottom + 18, SKTextAlign.Right, font, axis);
        Series(canvas, train, SKColors.RoyalBlue, X, Y);
        Series(canvas, validation, SKColors.OrangeRed, X, Y);
        using var blue = new SKPaint { Color = SKColors.RoyalBlue, IsAntialias = true };
        using var red = new SKPaint { Color = SKColors.OrangeRed, IsAntialias = true };
        Fonts.Draw(canvas, "train", right - 90, top + 20, SKTextAlign.Left, font, blue);
        Fonts.Draw(canvas, "validation", right - 50, top + 20, SKTextAlign.Left, font, red);
    }

    private static void Series(SKCanvas canvas, List<double>? values, SKColor color, Func<int, float> x, Func<double, float> y)
    {
        if (values is null) return;
        using var paint = new SKPaint { Color = color, StrokeWidth = 2, IsAntialias = true, Style = SKPaintStyle.Stroke };
        for (int i = 0; i < values.Count; i++)
        {
            if (double.IsNaN(values[i])) continue;
            canvas.DrawCircle(x(i), y(values[i]), 3, paint);
            if (i > 0 && !double.IsNaN(values[i - 1])) canvas.DrawLine(x(i - 1), y(values[i - 1]), x(i), y(values[i]), paint);
        }
    }
}
