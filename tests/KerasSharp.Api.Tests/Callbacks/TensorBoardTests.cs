using System.IO;
using System.Linq;
using System.Text;
using FluentAssertions;
using KerasSharp.Callbacks;
using KerasSharp.Layers;
using KerasSharp.Models;
using Xunit;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Callbacks;

public sealed class TensorBoardTests
{
    [Fact]
    public void Writes_an_event_file_with_every_log_key_and_weight_histograms()
    {
        var dir = Directory.CreateTempSubdirectory("kerassharp-tb");
        try
        {
            var model = new Sequential();
            model.Add(new Dense(2, activation: "softmax", input_shape: 3, name: "probe"));
            model.Compile("sgd", "categorical_crossentropy", ["accuracy"]);
            var y = KerasSharp.Utils.NpUtils.ToCategorical(tensor(new long[] { 0, 1, 0, 1 }), 2);

            model.Fit(rand(4, 3), y, epochs: 2, verbose: 0, validation_data: (rand(4, 3), y),
                      callbacks: [new TensorBoard(log_dir: dir.FullName, histogram_freq: 1)]);

            var events = dir.GetFiles("events.out.tfevents.*", SearchOption.AllDirectories);
            events.Should().NotBeEmpty();
            var text = Encoding.ASCII.GetString(events.SelectMany(f => File.ReadAllBytes(f.FullName)).ToArray());
            foreach (var tag in new[] { "loss", "accuracy", "val_loss", "val_accuracy", "probe/kernel" })
                text.Should().Contain(tag);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
