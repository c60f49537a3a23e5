using System.IO;
using FluentAssertions;
using KerasSharp.Backend;
using KerasSharp.Tests.Harness;
using Xunit;

namespace KerasSharp.Tests.Models;

public sealed class SummaryTests
{
    [Fact]
    public void Tutorial_model_summary_equals_the_Keras_2_text()
    {
        KerasBackend.ClearSession();
        var model = TutorialModel.Build();

        var text = model.SummaryText();

        text.Should().Be(File.ReadAllText(Golden.PathOf("summary_cifar10.txt")));
        model.CountParams().Should().Be(309_290);
    }
}
