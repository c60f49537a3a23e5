using System.IO;
using System.Linq;
using Cifar10Example;
using FluentAssertions;
using KerasSharp.Tests.Harness;
using SkiaSharp;
using Xunit;

namespace KerasSharp.Tests.Examples;

/// <summary>The real example code, end to end, on a small subset: every file, and the reload predicting exactly what
/// the trained model predicted.</summary>
public sealed class Cifar10ExampleTests
{
    [CifarFact]
    public void Example_runs_end_to_end_on_512_images()
    {
        var output = Directory.CreateTempSubdirectory("kerassharp-example");
        try
        {
            var result = Tutorial.Run(new Options(Epochs: 1, Subset: 512, BatchSize: 64, Seed: 1, Device: null, Output: output.FullName, Verbose: 0));

            output.GetFiles().Select(f => f.Name).OrderBy(n => n).Should().Equal(
                "augmented.png", "history.csv", "history.png", "model.h5", "model.json", "predictions.png", "test_images.png");
            foreach (var png in output.GetFiles("*.png"))
                File.ReadAllBytes(png.FullName).Take(4).Should().Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png.Name);
            using (var plot = SKBitmap.Decode(Path.Combine(output.FullName, "history.png")))
                (plot.Width, plot.Height).Should().Be((2 * HistoryPlot.PanelWidth, HistoryPlot.PanelHeight), "accuracy and loss panels");
            var history = File.ReadAllLines(Path.Combine(output.FullName, "history.csv"));
            history[0].Should().Be("epoch,accuracy,loss,lr,val_accuracy,val_loss");
            history.Should().HaveCount(2);
            TestTensors(result);
            result.Labels.Should().HaveCount(16);
            result.Scores.Should().HaveCount(2);
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    private static void TestTensors(TutorialResult result) =>
        Tensors.Values(result.Reloaded).Should().Equal(Tensors.Values(result.Trained), "model.json + model.h5 rebuild the trained model exactly");
}
