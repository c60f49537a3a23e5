using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection;
using FluentAssertions;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Saving;
using Xunit;
using static KerasSharp.Saving.SavingApi;

namespace KerasSharp.Tests.Saving;

/// <summary>What a save or load that goes wrong leaves and says: the user's path and the cause, nothing stale.</summary>
public sealed class SaveFailureTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("kerassharp-savefail");

    public void Dispose() => _dir.Delete(recursive: true);

    private string PathOf(string name) => Path.Combine(_dir.FullName, name);

    private static Sequential Model()
    {
        var model = new Sequential();
        model.Add(new Dense(4, activation: "relu", input_shape: 3));
        model.Add(new Dense(2, activation: "softmax"));
        model.Compile("adam", "categorical_crossentropy", ["accuracy"]);
        return model;
    }

    [Theory]
    [InlineData("model.h5")]
    [InlineData("model.keras")]
    [InlineData("model.weights.h5")]
    public void A_killed_save_s_temporary_is_removed_by_the_next_save_to_that_path(string name)
    {
        var stale = PathOf($".{name}.{Guid.NewGuid():N}.tmp");
        File.WriteAllBytes(stale, new byte[4096]);
        var notOurs = new[] { PathOf($".{name}.notes.tmp"), PathOf($".other.h5.{Guid.NewGuid():N}.tmp") };
        foreach (var f in notOurs) File.WriteAllText(f, "keep");

        if (name.EndsWith(".weights.h5", StringComparison.Ordinal)) Model().SaveWeights(PathOf(name));
        else Model().Save(PathOf(name));

        File.Exists(stale).Should().BeFalse();
        _dir.GetFiles().Select(f => f.Name).OrderBy(n => n, StringComparer.Ordinal)
            .Should().Equal(new[] { name }.Concat(notOurs.Select(Path.GetFileName)!).OrderBy(n => n, StringComparer.Ordinal));
    }

    [Fact]
    public void A_keras_save_and_load_use_no_system_temp_file()
    {
        var temp = Directory.CreateDirectory(PathOf("systemtemp"));
        var previous = Environment.GetEnvironmentVariable("TMPDIR");
        Environment.SetEnvironmentVariable("TMPDIR", temp.FullName);
        try
        {
            Path.GetTempPath().TrimEnd('/').Should().Be(temp.FullName, "the test watches the folder .NET uses");
            var model = Model();
            model.Save(PathOf("m.keras"));
            LoadModel(PathOf("m.keras")).Layers.Should().HaveCount(2);
            temp.GetFileSystemInfos().Should().BeEmpty();
        }
        finally
        {
            Environment.SetEnvironmentVariable("TMPDIR", previous);
        }
    }

    [Fact]
    public void A_save_into_a_missing_folder_names_the_users_path_not_the_temporary()
    {
        var target = PathOf("no/such/folder/model.h5");
        var act = () => Model().Save(target);
        var error = act.Should().Throw<IOException>().Which;
        error.Message.Should().StartWith($"Could not save {target}: ").And.Contain(target).And.NotContain(".tmp");
    }

    [Fact]
    public void A_full_disk_inside_a_library_surfaces_as_an_IOException_naming_the_path()
    {
        // What PureHDF's reflection-based writer threw on a full disk: the IOException inside a TargetInvocationException.
        var target = PathOf("model.h5");
        var act = () => AtomicFile.Write(target, tmp =>
            throw new TargetInvocationException(new IOException($"No space left on device : '{tmp}'")));
        var error = act.Should().Throw<IOException>().Which;
        error.Message.Should().Be($"Could not save {target}: No space left on device : '{target}'");
        error.InnerException.Should().BeOfType<IOException>();
        _dir.GetFiles().Should().BeEmpty("the temporary is removed and nothing reaches the target");
    }

    [Fact]
    public void Other_errors_inside_a_library_wrapper_are_rethrown_unwrapped()
    {
        var act = () => AtomicFile.Write(PathOf("m.h5"), _ => throw new TargetInvocationException(new InvalidDataException("bad layout")));
        act.Should().Throw<InvalidDataException>().WithMessage("bad layout");
    }

    [Fact]
    public void Saving_over_a_folder_says_so()
    {
        Directory.CreateDirectory(PathOf("model.h5"));
        var act = () => Model().Save(PathOf("model.h5"));
        act.Should().Throw<IOException>().WithMessage($"Could not save {PathOf("model.h5")}: it is a folder.");
    }

    [Fact]
    public void Loading_a_folder_or_null_says_what_is_wrong()
    {
        var folder = Directory.CreateDirectory(PathOf("saved_model")).FullName;
        FluentActions.Invoking(() => LoadModel(folder)).Should().Throw<IOException>()
            .WithMessage($"{folder} is a folder, not a model file.*SavedModel folder is not supported.");
        FluentActions.Invoking(() => Model().LoadWeights(folder)).Should().Throw<IOException>()
            .WithMessage($"{folder} is a folder, not a weights file.*");
        FluentActions.Invoking(() => LoadModel(null!)).Should().Throw<ArgumentNullException>().And.ParamName.Should().Be("filepath");
        FluentActions.Invoking(() => Model().LoadWeights(null!)).Should().Throw<ArgumentNullException>().And.ParamName.Should().Be("filepath");
        FluentActions.Invoking(() => Model().Save(null!)).Should().Throw<ArgumentNullException>().And.ParamName.Should().Be("filepath");
        FluentActions.Invoking(() => ModelFromJson(null!)).Should().Throw<ArgumentNullException>().And.ParamName.Should().Be("json");
        FluentActions.Invoking(() => LoadModel(PathOf("none.h5"))).Should().Throw<FileNotFoundException>().WithMessage($"No such model file: {PathOf("none.h5")}");
    }

    [Fact]
    public void A_keras_zip_whose_weights_fail_their_CRC_is_refused()
    {
        // Repack with the weights stored uncompressed, then flip one byte of them: the zip's CRC-32 no longer fits.
        var saved = PathOf("m.keras");
        Model().Save(saved);
        var stored = PathOf("stored.keras");
        using (var source = ZipFile.OpenRead(saved))
        using (var target = ZipFile.Open(stored, ZipArchiveMode.Create))
            foreach (var entry in source.Entries)
            {
                using var from = entry.Open();
                using var to = target.CreateEntry(entry.FullName, CompressionLevel.NoCompression).Open();
                from.CopyTo(to);
            }
        LoadModel(stored).Layers.Should().HaveCount(2, "the uncompressed copy is a valid file");
        var bytes = File.ReadAllBytes(stored);
        var hdf5 = bytes.AsSpan().IndexOf(new byte[] { 0x89, (byte)'H', (byte)'D', (byte)'F' });
        hdf5.Should().BePositive("the stored weights entry starts with HDF5's signature");
        bytes[hdf5 + 600] ^= 0x5A;
        File.WriteAllBytes(stored, bytes);

        var act = () => LoadModel(stored);
        act.Should().Throw<KerasException>().WithMessage($"{stored} is corrupt: its entry model.weights.h5 fails its CRC-32 check (stored *, read *).");
    }
}
