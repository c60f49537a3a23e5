using System;
using System.IO;
using System.Linq;
using FluentAssertions;
using KerasSharp.Datasets;
using KerasSharp.Tests.Harness;
using Xunit;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Datasets;

public sealed class Cifar10Tests
{
    [CifarFact]
    public void Binary_version_has_Keras_shapes_and_dtypes()
    {
        var ((x_train, y_train), (x_test, y_test)) = Cifar10.LoadData();

        x_train.shape.Should().Equal(50000, 32, 32, 3);
        y_train.shape.Should().Equal(50000, 1);
        x_test.shape.Should().Equal(10000, 32, 32, 3);
        y_test.shape.Should().Equal(10000, 1);
        x_train.dtype.Should().Be(ScalarType.Byte);
        y_test.dtype.Should().Be(ScalarType.Byte);
        // The tutorial's published labels of the first test images: cat, ship, ship, airplane, frog, frog, automobile, frog.
        Tensors.Values(y_test[..8].to_type(ScalarType.Float32)).Should().Equal(3f, 8f, 8f, 0f, 6f, 6f, 1f, 6f);
        Tensors.Values(y_train.reshape(-1).to_type(ScalarType.Int64).bincount(null).to_type(ScalarType.Float32)).Should().Equal(Enumerable.Repeat(5000f, 10));
    }

    [Fact]
    public void Python_version_reads_the_pickled_batches()
    {
        // Goldens/cifar-py: 3 images per batch, written in the byte format of the
        // real files by make_cifar_py_fixture.py; pixel (k, c, r, col) of batch i is (50i + 7k + 30c + r + 2col) % 256.
        var folder = Path.Combine(AppContext.BaseDirectory, "Goldens", "cifar-py", "datasets", Cifar10.PythonFolder);

        var ((x_train, y_train), (x_test, y_test)) = Cifar10.LoadPython(folder, recordsPerFile: 3);

        x_train.shape.Should().Equal(15, 32, 32, 3);
        x_test.shape.Should().Equal(3, 32, 32, 3);
        Tensors.Values(y_train.to_type(ScalarType.Float32)).Should().Equal(1f, 2, 3, 2, 3, 4, 3, 4, 5, 4, 5, 6, 5, 6, 7);
        Tensors.Values(y_test.to_type(ScalarType.Float32)).Should().Equal(6f, 7, 8);
        // Batch 2 (samples 3..5), image k = 1, row 4, column 5, channel 2 (blue): (100 + 7 + 60 + 4 + 10) % 256 = 181.
        x_train[4, 4, 5, 2].item<byte>().Should().Be(181);
        x_test[1, 31, 31, 0].item<byte>().Should().Be((byte)((300 + 7 + 0 + 31 + 62) % 256));
    }

    [Fact]
    public void A_short_or_corrupt_python_batch_is_an_error()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Goldens", "cifar-py", "datasets", Cifar10.PythonFolder);
        FluentActions.Invoking(() => Cifar10.LoadPython(folder, recordsPerFile: 10000)).Should().Throw<InvalidDataException>()
            .WithMessage("*data_batch_1 holds 3 images*expected 10000*");

        var copy = Directory.CreateTempSubdirectory("kerassharp-cifar-py");
        try
        {
            foreach (var file in Directory.GetFiles(folder)) File.Copy(file, Path.Combine(copy.FullName, Path.GetFileName(file)));
            var truncated = Path.Combine(copy.FullName, "data_batch_3");
            File.WriteAllBytes(truncated, File.ReadAllBytes(truncated)[..2000]);
            FluentActions.Invoking(() => Cifar10.LoadPython(copy.FullName, recordsPerFile: 3)).Should().Throw<InvalidDataException>()
                .WithMessage("*data_batch_3*truncated or corrupt*");
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_truncated_binary_batch_is_an_error_not_a_short_dataset()
    {
        var home = Directory.CreateTempSubdirectory("kerassharp-cifar-bin");
        var previous = Environment.GetEnvironmentVariable("KERAS_HOME");
        try
        {
            var folder = Directory.CreateDirectory(Path.Combine(home.FullName, "datasets", Cifar10.BinaryFolder));
            foreach (var name in new[] { "data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin" })
                File.WriteAllBytes(Path.Combine(folder.FullName, name), new byte[3073 * 10000]);
            File.WriteAllBytes(Path.Combine(folder.FullName, "data_batch_4.bin"), new byte[3073 * 9999]);
            Environment.SetEnvironmentVariable("KERAS_HOME", home.FullName);

            FluentActions.Invoking(() => Cifar10.LoadData()).Should().Throw<InvalidDataException>()
                .WithMessage("*data_batch_4.bin has 30726927 bytes; expected 30730000*truncated or corrupt*");
        }
        finally
        {
            Environment.SetEnvironmentVariable("KERAS_HOME", previous);
            home.Delete(recursive: true);
        }
    }
}
