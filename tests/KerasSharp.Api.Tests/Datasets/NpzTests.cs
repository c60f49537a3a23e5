using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using FluentAssertions;
using KerasSharp.Datasets;
using KerasSharp.Tests.Harness;
using Newtonsoft.Json.Linq;
using Xunit;

namespace KerasSharp.Tests.Datasets;

/// <summary>The .npz reader on the fixtures of Goldens/datasets (np.savez's format and a Python 2 pickle), and its errors.</summary>
public sealed class NpzTests
{
    private static string Fixture(string name) => Golden.PathOf(Path.Combine("datasets", "datasets", name));

    private static readonly JToken Raw = Golden.Load("datasets/text_datasets_raw.json");

    [Fact]
    public void Reads_object_arrays_pickled_by_np_savez()
    {
        var arrays = Npz.Load(Fixture("imdb.npz"));

        arrays.Keys.Should().BeEquivalentTo("x_train", "y_train", "x_test", "y_test");
        arrays["x_train"].Dtype.Should().Be("O");
        arrays["x_train"].Shape.Should().Equal(12);
        arrays["y_train"].Dtype.Should().Be("i8");
        foreach (var key in new[] { "x_train", "x_test" })
            TextDatasetCases.ShouldEqual(arrays[key].ToSequences(key), Raw["imdb"]![key]!, key);
        arrays["y_test"].ToInt64("y_test").Should().Equal(Raw["imdb"]!["y_test"]!.Select(v => (long)v));
    }

    [Fact]
    public void Reads_a_python_2_pickle()
    {
        var arrays = Npz.Load(Fixture("reuters.npz"));

        TextDatasetCases.ShouldEqual(arrays["x"].ToSequences("x"), Raw["reuters"]!["x"]!, "x");
        arrays["y"].ToInt64("y").Should().Equal(Raw["reuters"]!["y"]!.Select(v => (long)v));
    }

    [Fact]
    public void A_missing_array_names_the_file_and_what_it_holds()
    {
        var path = Fixture("reuters.npz");
        FluentActions.Invoking(() => Npz.Load(path).Get("x_train", path)).Should().Throw<InvalidDataException>()
            .WithMessage($"{path} has no array 'x_train' (it holds: 'x', 'y').");
    }

    [Fact]
    public void Truncated_or_foreign_files_are_errors_naming_the_file()
    {
        using var home = new TempKerasHome();
        var truncated = Path.Combine(home.Home, "imdb.npz");
        File.WriteAllBytes(truncated, File.ReadAllBytes(Fixture("imdb.npz"))[..1000]);
        FluentActions.Invoking(() => Npz.Load(truncated)).Should().Throw<InvalidDataException>().WithMessage($"{truncated}*truncated or corrupt*");

        var text = Path.Combine(home.Home, "words.npz");
        File.WriteAllText(text, "not a zip");
        FluentActions.Invoking(() => Npz.Load(text)).Should().Throw<InvalidDataException>().WithMessage($"{text} is not a readable .npz archive*");
    }

    [Fact]
    public void A_cut_pickle_inside_a_member_is_an_error_naming_the_member()
    {
        using var home = new TempKerasHome();
        var path = Path.Combine(home.Home, "imdb.npz");
        byte[] member;
        using (var source = ZipFile.OpenRead(Fixture("imdb.npz")))
        using (var stream = source.GetEntry("x_train.npy")!.Open())
        using (var memory = new MemoryStream())
        {
            stream.CopyTo(memory);
            member = memory.ToArray();
        }
        // The header (128 bytes for this file) stays; the pickle after it stops halfway.
        Write(path, ("x_train.npy", member[..(128 + (member.Length - 128) / 2)]));

        FluentActions.Invoking(() => Npz.Load(path)).Should().Throw<InvalidDataException>()
            .WithMessage($"{path} (x_train.npy) is not a readable pickle*truncated or corrupt*");
    }

    [Theory]
    [InlineData("{'descr': '>i8', 'fortran_order': False, 'shape': (2,), }", "*dtype '>i8'*")]
    [InlineData("{'descr': '<i8', 'fortran_order': True, 'shape': (1, 2), }", "*Fortran-ordered*")]
    [InlineData("{'descr': [('a', '<i4')], 'fortran_order': False, 'shape': (2,), }", "*header*not supported*")]
    public void Unsupported_arrays_are_errors_naming_the_member(string header, string message)
    {
        using var home = new TempKerasHome();
        var path = Path.Combine(home.Home, "odd.npz");
        var headerBytes = Encoding.ASCII.GetBytes(header + "\n");
        var npy = new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, (byte)headerBytes.Length, 0 }
            .Concat(headerBytes).Concat(new byte[16]).ToArray();
        Write(path, ("a.npy", npy));

        FluentActions.Invoking(() => Npz.Load(path)).Should().Throw<InvalidDataException>().WithMessage($"{path} (a.npy)*").WithMessage(message);
    }

    [Fact]
    public void Short_numeric_data_is_an_error()
    {
        using var home = new TempKerasHome();
        var path = Path.Combine(home.Home, "short.npz");
        var headerBytes = Encoding.ASCII.GetBytes("{'descr': '<i8', 'fortran_order': False, 'shape': (3,), }\n");
        var npy = new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, (byte)headerBytes.Length, 0 }
            .Concat(headerBytes).Concat(new byte[20]).ToArray();
        Write(path, ("y.npy", npy));

        FluentActions.Invoking(() => Npz.Load(path)).Should().Throw<InvalidDataException>()
            .WithMessage($"{path} (y.npy) ends inside its data (20 of 24 bytes)*");
    }

    private static void Write(string path, params (string Name, byte[] Data)[] members)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, data) in members)
        {
            using var stream = zip.CreateEntry(name, CompressionLevel.NoCompression).Open();
            stream.Write(data);
        }
    }
}
