using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using FluentAssertions;
using KerasSharp.Preprocessing.Image;
using KerasSharp.Tests.Harness;
using Xunit;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Preprocessing.Image;

public sealed class FlowTests
{
    // Image i is filled with the value i, so a batch tells which samples it holds.
    private static Tensor Images(int n) => arange(n, float32).view(n, 1, 1, 1).expand(n, 4, 4, 3).contiguous();
    private static Tensor Labels(int n) => arange(n, float32).view(n, 1);

    private static float[] Ids(Tensor batch) => Tensors.Values(batch[.., 0, 0, 0]);

    [Fact]
    public void Without_shuffle_batches_are_in_order_with_a_partial_last_batch()
    {
        var flow = new ImageDataGenerator().Flow(Images(10), Labels(10), batch_size: 4, shuffle: false);

        flow.Count.Should().Be(3);
        var batches = Enumerable.Range(0, 3).Select(i => flow.GetItem(i)).ToList();
        batches.Select(b => Ids(b.x)).Should().BeEquivalentTo(new[] { new[] { 0f, 1, 2, 3 }, new[] { 4f, 5, 6, 7 }, new[] { 8f, 9 } }, o => o.WithStrictOrdering());
        batches.Select(b => Tensors.Values(b.y!)).Should().BeEquivalentTo(batches.Select(b => Ids(b.x)), o => o.WithStrictOrdering(), "labels follow their images");
    }

    [Fact]
    public void Shuffled_epochs_cover_every_sample_once_in_a_new_order()
    {
        var flow = new ImageDataGenerator().Flow(Images(12), Labels(12), batch_size: 5, shuffle: true, seed: 3);
        var epochs = flow.Take(6).Select(b => Ids(b.x)).Chunk(3).Select(e => e.SelectMany(v => v).ToArray()).ToList();

        epochs.Should().HaveCount(2);
        foreach (var epoch in epochs) epoch.OrderBy(v => v).Should().Equal(Enumerable.Range(0, 12).Select(i => (float)i));
        epochs[0].Should().NotEqual(epochs[1]);
        epochs[0].Should().NotEqual(Enumerable.Range(0, 12).Select(i => (float)i));
    }

    [Fact]
    public void Augmented_batches_are_stored_channels_last_as_numpy_arrays_are()
    {
        // grid_sample works on NCHW memory; a batch left that way would send a channels-last model's convolutions down
        // the channels-first path (docs/benchmarks.md, 2026-11-29). Strides of a C-contiguous (8, 4, 4, 3) array:
        // (4·4·3, 4·3, 3, 1).
        var datagen = new ImageDataGenerator(rotation_range: 15, width_shift_range: 0.1, height_shift_range: 0.1, horizontal_flip: true);
        var (x, _, _) = datagen.Flow(Images(8), Labels(8), batch_size: 8, seed: 1).GetItem(0);

        x.shape.Should().Equal(8, 4, 4, 3);
        x.stride().Should().Equal(48, 12, 3, 1);
    }

    [Fact]
    public void A_seed_reproduces_the_augmented_batches()
    {
        var x = rand(8, 6, 6, 3) * 255;
        var datagen = new ImageDataGenerator(rotation_range: 30, width_shift_range: 0.2, horizontal_flip: true);
        float[] First(int seed) => Tensors.Values(datagen.Flow(x, batch_size: 8, seed: seed).GetItem(0).x);

        First(5).Should().Equal(First(5));
        First(5).Should().NotEqual(First(6));
    }

    [Fact]
    public void Validation_split_takes_the_first_part_for_validation()
    {
        var datagen = new ImageDataGenerator(validation_split: 0.2);
        var validation = datagen.Flow(Images(10), Labels(10), batch_size: 10, shuffle: false, subset: "validation");
        var training = datagen.Flow(Images(10), Labels(10), batch_size: 10, shuffle: false, subset: "training");

        Ids(validation.GetItem(0).x).Should().Equal(0f, 1);
        Ids(training.GetItem(0).x).Should().Equal(2f, 3, 4, 5, 6, 7, 8, 9);
    }

    [Fact]
    public void Bad_arguments_are_named()
    {
        FluentActions.Invoking(() => new ImageDataGenerator(fill_mode: "mirror")).Should().Throw<ArgumentException>()
            .WithMessage("*fill_mode=*'mirror'*").And.ParamName.Should().Be("fill_mode");
        FluentActions.Invoking(() => new ImageDataGenerator(rotation_range: -5)).Should().Throw<ArgumentException>()
            .WithMessage("*rotation_range=-5*").And.ParamName.Should().Be("rotation_range");
        FluentActions.Invoking(() => new ImageDataGenerator(width_shift_range: -0.1)).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => new ImageDataGenerator(zoom_range: -0.5)).Should().Throw<ArgumentException>()
            .And.ParamName.Should().Be("zoom_range");
        FluentActions.Invoking(() => new ImageDataGenerator().Flow(zeros(4, 8, 8), Labels(4))).Should().Throw<ArgumentException>()
            .WithMessage("*rank 4*(4, 8, 8)*").And.ParamName.Should().Be("x");
        FluentActions.Invoking(() => new ImageDataGenerator().Flow(Images(4), Labels(3))).Should().Throw<ArgumentException>()
            .WithMessage("*x.shape = (4, 4, 4, 3), y.shape = (3, 1)*").And.ParamName.Should().Be("y");
        FluentActions.Invoking(() => new ImageDataGenerator().Fit(zeros(4, 8, 8))).Should().Throw<ArgumentException>()
            .WithMessage("*rank 4*").And.ParamName.Should().Be("x");
    }

    // Flows x without augmentation into a fresh folder, reads batch 0, and returns the files' names and paths by name.
    private static string[] SavedFiles(Tensor x, string save_format, DirectoryInfo dir)
    {
        new ImageDataGenerator().Flow(x, Labels((int)x.shape[0]), batch_size: (int)x.shape[0], shuffle: false,
                                      save_to_dir: dir.FullName, save_prefix: "aug", save_format: save_format).GetItem(0);
        var files = dir.GetFiles().Select(f => f.Name).OrderBy(n => n).ToArray();
        // '{prefix}_{index}_{hash}.{format}', the hash below 1e7: one file per sample.
        files.Should().HaveCount((int)x.shape[0]).And.OnlyContain(n => Regex.IsMatch(n, $@"^aug_\d+_\d{{1,7}}\.{save_format}$"), string.Join(", ", files));
        files.Select(n => n.Split('_')[1]).Should().Equal(Enumerable.Range(0, (int)x.shape[0]).Select(i => $"{i}"));
        return files.Select(n => Path.Combine(dir.FullName, n)).ToArray();
    }

    [Fact]
    public void Save_to_dir_png_holds_each_sample_scaled_as_array_to_img()
    {
        var dir = Directory.CreateTempSubdirectory("kerassharp-flow");
        try
        {
            // Sample 0 is the RGB test image, sample 1 the same + 2: array_to_img scales both to the same bytes.
            foreach (var file in SavedFiles(stack([ImageFilesTests.Rgb(), ImageFilesTests.Rgb() + 2]), "png", dir))
                ImageFilesTests.DecodedRgb(file).Should().BeEquivalentTo(ImageFilesTests.RgbBytes, o => o.WithStrictOrdering(), file);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Save_to_dir_jpeg_decodes_close_to_each_sample()
    {
        var dir = Directory.CreateTempSubdirectory("kerassharp-flow");
        try
        {
            foreach (var file in SavedFiles(stack([ImageFilesTests.Halves(), ImageFilesTests.Halves() * 3]), "jpeg", dir))
                ImageFilesTests.HalvesDecodeClose(file);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Save_format_other_than_png_or_jpeg_is_refused()
    {
        FluentActions.Invoking(() => new ImageDataGenerator().Flow(Images(2), Labels(2), save_to_dir: "unused", save_format: "gif"))
            .Should().Throw<ArgumentException>().WithMessage("*save_format='gif'*").And.ParamName.Should().Be("save_format");
        new ImageDataGenerator().Flow(Images(2), Labels(2), save_format: "gif").Should().NotBeNull("without save_to_dir, save_format is unused");
    }
}
