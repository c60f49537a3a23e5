using System.Collections.Generic;
using System.IO;
using FluentAssertions;
using KerasSharp.Utils;
using Xunit;

namespace KerasSharp.Tests.Utils;

/// <summary>The Keras 2.3.1 progress bar text (keras/utils/generic_utils.py Progbar), worked out by hand.</summary>
public sealed class ProgbarTests
{
    private static KeyValuePair<string, double>[] Loss(double v) => new[] { new KeyValuePair<string, double>("loss", v) };

    [Fact]
    public void Terminal_bar_is_redrawn_in_place_with_ETA_then_time_per_step()
    {
        var output = new StringWriter();
        var now = 0.0;
        var bar = new Progbar(100, output: output, dynamic_display: true, clock: () => now);

        now = 1.0;
        bar.Update(50, Loss(0.5));
        now = 2.0;
        bar.Update(100, Loss(0.3));

        var first = " 50/100 [==============>...............] - ETA: 1s - loss: 0.5000";
        var last = "100/100 [==============================] - 2s 20ms/step - loss: 0.4000\n";
        output.ToString().Should().Be("\r" + first + new string('\b', first.Length) + "\r" + last);
    }

    [Fact]
    public void Verbose_2_prints_one_line_at_the_end()
    {
        var output = new StringWriter();
        var now = 0.0;
        var bar = new Progbar(10, verbose: 2, output: output, dynamic_display: false, clock: () => now);
        now = 3.2;
        bar.Update(5, Loss(2.0));
        output.ToString().Should().BeEmpty();
        now = 45.6;
        bar.Update(10, Loss(1.0));
        output.ToString().Should().Be(" - 46s - loss: 1.5000\n");
    }

    [Fact]
    public void Redirected_output_writes_plain_lines_and_small_values_in_exponent_form()
    {
        var output = new StringWriter();
        var now = 0.0;
        var bar = new Progbar(782, output: output, dynamic_display: false, clock: () => now,
                              stateful_metrics: new[] { "accuracy" });
        now = 100.0;
        bar.Update(391, new[] { new KeyValuePair<string, double>("loss", 0.00012345), new("accuracy", 0.25) });
        output.ToString().Should().Be("\n391/782 [==============>...............] - ETA: 1:40 - loss: 1.2345e-04 - accuracy: 0.2500");
    }
}
