using FluentAssertions;
using KerasSharp.Preprocessing;
using KerasSharp.Utils;
using Xunit;
using static KerasSharp.Preprocessing.SequenceFunctions;
using static KerasSharp.Preprocessing.TextFunctions;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Preprocessing;

/// <summary>
/// The imports of docs/naming.md: <c>from keras.preprocessing.sequence import pad_sequences, TimeseriesGenerator</c>
/// and <c>from keras.preprocessing.text import Tokenizer, one_hot</c>, with <c>keras.utils.Sequence</c> still the
/// Sequence type in the same file.
/// </summary>
public sealed class PortTests
{
    [Fact]
    public void Both_import_styles_port_and_Sequence_stays_kerass_utils_type()
    {
        // pad_sequences([[1, 2, 3], [4]], maxlen=2) = [[2, 3], [0, 4]] (cut at the start, padded in front)
        PadSequences([[1, 2, 3], [4]], maxlen: 2).data<int>().ToArray().Should().Equal(2, 3, 0, 4);
        PadSequences([[1, 2, 3], [4]], maxlen: 2, padding: "post", truncating: "post").data<int>().ToArray().Should().Equal(1, 2, 4, 0);

        Sequence batches = new TimeseriesGenerator(arange(6), arange(6), length: 2, batch_size: 10);
        // rows 2..5: windows [0, 1], [1, 2], [2, 3], [3, 4]
        batches.Count.Should().Be(1);
        batches.GetItem(0).x.data<long>().ToArray().Should().Equal(0, 1, 1, 2, 2, 3, 3, 4);

        var tokenizer = new Tokenizer(num_words: 3);
        tokenizer.FitOnTexts(["b a b", "c b"]);
        // counts b 3, a 1, c 1 → b = 1, a = 2 (first seen before c); num_words 3 keeps 1 and 2
        tokenizer.TextsToSequences(["a b c"]).Should().ContainSingle().Which.Should().Equal(2, 1);
        OneHot("a b", 2).Should().Equal(new[] { 1, 1 }, "n = 2 leaves one index");
    }
}
