using System.IO;
using System.Linq;
using Cifar10Example;
using FluentAssertions;
using SkiaSharp;
using Xunit;

namespace KerasSharp.Tests.Examples;

/// <summary>The example's history figure, rendered from small CSVLogger files and read back pixel by pixel.</summary>
public sealed class HistoryPlotTests : System.IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("kerassharp-history");

    public void Dispose() => _dir.Delete(recursive: true);

    private SKBitmap Render(params string[] csv)
    {
        var (csvPath, pngPath) = (Path.Combine(_dir.FullName, "history.csv"), Path.Combine(_dir.FullName, "history.png"));
        File.WriteAllLines(csvPath, csv);
        HistoryPlot.Save(csvPath, pngPath);
        return SKBitmap.Decode(pngPath);
    }

    private static SKColor Sk(ScottPlot.Color c) => new(c.R, c.G, c.B, c.A);

    // Pixel rows (y) of one panel (0: left, 1: right) that hold the colour exactly.
    private static int[] Rows(SKBitmap bitmap, int panel, SKColor colour) =>
        Enumerable.Range(0, bitmap.Height).SelectMany(y => Enumerable.Range(panel * HistoryPlot.PanelWidth, HistoryPlot.PanelWidth)
            .Where(x => bitmap.GetPixel(x, y) == colour).Select(_ => y)).ToArray();

    private static int Dark(SKBitmap bitmap, int left, int top, int width, int height) =>
        Enumerable.Range(top, height).Sum(y => Enumerable.Range(left, width).Count(x => bitmap.GetPixel(x, y) is { Red: < 80, Green: < 80, Blue: < 80 }));

    [Fact]
    public void Accuracy_and_loss_panels_show_both_curves_on_a_grid_with_text()
    {
        using var bitmap = Render(
            "epoch,accuracy,loss,lr,val_accuracy,val_loss",
            "0,0.3512,1.9021,0.001,0.4420,1.6012",
            "1,0.4876,1.4523,0.001,0.5312,1.3307",
            "2,0.5590,1.2601,0.001,0.5804,1.2034",
            "3,0.6043,1.1377,0.001,0.6102,1.1290",
            "4,0.6391,1.0456,0.001,0.6488,1.0178");

        (bitmap.Width, bitmap.Height).Should().Be((2 * HistoryPlot.PanelWidth, HistoryPlot.PanelHeight));
        var (train, test, grid) = (Sk(HistoryPlot.Train), Sk(HistoryPlot.Test), Sk(HistoryPlot.Grid));
        for (int panel = 0; panel < 2; panel++)
        {
            var (trainRows, testRows) = (Rows(bitmap, panel, train), Rows(bitmap, panel, test));
            trainRows.Should().HaveCountGreaterThan(100, $"panel {panel} draws the train curve");
            testRows.Should().HaveCountGreaterThan(100, $"panel {panel} draws the test curve");
            // The lowest point of each panel (the legend is upper left): train accuracy 0.3512 < test 0.4420; test
            // loss 1.0178 < train 1.0456. Pixel rows grow downwards.
            if (panel == 0) trainRows.Max().Should().BeGreaterThan(testRows.Max() + 20);
            else testRows.Max().Should().BeGreaterThan(trainRows.Max());
            // Gridlines: rows crossed by a horizontal line of grid colour over most of the data area.
            Enumerable.Range(0, bitmap.Height).Count(y => Enumerable.Range(panel * HistoryPlot.PanelWidth, HistoryPlot.PanelWidth)
                .Count(x => bitmap.GetPixel(x, y) == grid) > HistoryPlot.PanelWidth / 2).Should().BeGreaterThanOrEqualTo(4);
            // Text: the title above the data area, 'epoch' and the tick labels below it, the y label and ticks left of it.
            var left = panel * HistoryPlot.PanelWidth;
            Dark(bitmap, left + 200, 0, 240, 30).Should().BeGreaterThan(50, $"panel {panel} has its title");
            Dark(bitmap, left + 200, 440, 240, 40).Should().BeGreaterThan(50, $"panel {panel} has 'epoch' and x ticks");
            Dark(bitmap, left, 100, 50, 280).Should().BeGreaterThan(100, $"panel {panel} has its y label and ticks");
        }
    }

    [Fact]
    public void Keras_2_2_acc_columns_and_a_history_without_accuracy()
    {
        using var acc = Render("epoch,acc,loss,val_acc,val_loss", "0,0.30,1.9,0.40,1.6", "1,0.50,1.4,0.55,1.3");
        acc.Width.Should().Be(2 * HistoryPlot.PanelWidth);
        Rows(acc, 0, Sk(HistoryPlot.Train)).Should().NotBeEmpty();
        Rows(acc, 0, Sk(HistoryPlot.Test)).Should().NotBeEmpty();

        using var loss = Render("epoch,loss", "0,1.9", "1,1.4");
        (loss.Width, loss.Height).Should().Be((HistoryPlot.PanelWidth, HistoryPlot.PanelHeight), "only the loss panel");
        Rows(loss, 0, Sk(HistoryPlot.Train)).Should().NotBeEmpty();
    }
}
