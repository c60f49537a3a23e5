using System;
using System.IO;
using System.Linq;
using FluentAssertions;
using KerasExamples;
using KerasExamples.ConvLstm;
using KerasSharp.Layers;
using KerasSharp.Preprocessing.Image;
using KerasSharp.Tests.Harness;
using Xunit;
using static TorchSharp.torch;

namespace KerasSharp.Tests.Examples;

/// <summary>
/// The port of Keras 2.2.4's examples/conv_lstm.py (examples/KerasExamples/ConvLstm): its movie generator checked
/// against what the script says the movies are, and the whole script run quickly (3 movies of 3 frames, one epoch, 2
/// known and 2 predicted frames) in a temporary directory, where it writes its pictures.
/// </summary>
public sealed class ConvLstmExampleTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("kerassharp-conv-lstm");
    private readonly string _previous = Directory.GetCurrentDirectory();

    public ConvLstmExampleTests() => Directory.SetCurrentDirectory(_dir.FullName);

    public void Dispose()
    {
        Directory.SetCurrentDirectory(_previous);
        _dir.Delete(recursive: true);
    }

    [Fact]
    public void Generated_movies_are_40x40_windows_with_the_truth_one_frame_ahead()
    {
        var (noisy, shifted) = ConvLstmScript.generate_movies(n_samples: 4, n_frames: 5);

        noisy.shape.Should().Equal(4, 5, 40, 40, 1);
        shifted.shape.Should().Equal(4, 5, 40, 40, 1);
        noisy.dtype.Should().Be(ScalarType.Float64, "np.float is float64");
        Tensors.Values(shifted.to_type(ScalarType.Float32)).Should().OnlyContain(v => v == 0f || v == 1f, "the truth is squares of ones, clipped at 1");
        noisy.max().item<double>().Should().Be(1.0, "values are clipped at 1");
        // Each movie has 3 to 7 squares of side 4 or 6 starting inside the window: the truth is never empty at t = 0.
        for (int i = 0; i < 4; i++) shifted[i, 0].sum().item<double>().Should().BeGreaterThanOrEqualTo(16);
        // The truth at t is the squares at t + 1: there the noisy movie holds 1 plus at most 7 noise terms of ±0.1
        // (one per square whose ring covers the pixel), so at least 1 − 0.7.
        var square = shifted[.., ..4] == 1;
        noisy[.., 1..].masked_select(square).min().item<double>().Should().BeGreaterThanOrEqualTo(0.3 - 1e-9);
    }

    [Fact]
    public void Script_trains_predicts_and_writes_its_pictures()
    {
        KerasSharp.Backend.KerasBackend.SetSeed(1);

        var (seq, history, track) = ConvLstmScript.Run(new ExampleOptions(Epochs: 1, Samples: 3, Verbose: 0));

        // Per ConvLSTM2D(40, (3, 3)): kernel 3·3·in·160 + recurrent_kernel 3·3·40·160 + bias 160:
        // in = 1: 1,440 + 57,600 + 160 = 59,200; in = 40: 57,600 + 57,600 + 160 = 115,360 (three of them).
        // BatchNormalization(40) four times: 4 · 160 = 640 (gamma, beta trainable; the moving mean and variance not).
        // Conv3D(1, (3, 3, 3)) on 40 channels: 3·3·3·40 + 1 = 1,081. Total 59,200 + 3·115,360 + 640 + 1,081 = 407,001.
        seq.CountParams().Should().Be(407_001);
        seq.NonTrainableWeights.Sum(w => w.Size).Should().Be(320);
        seq.Layers.OfType<ConvLSTM2D>().Should().HaveCount(4);
        seq.Layers[^1].OutputShapes![0].Dims.Should().Equal(null, null, 40, 40, 1);

        // 3 movies: validation_split 0.05 keeps int(3 · 0.95) = 2 for training, 1 for validation.
        history.Values["loss"].Should().ContainSingle().Which.Should().BeGreaterThan(0);
        history.Values["val_loss"].Should().ContainSingle().Which.Should().BeGreaterThan(0);

        // 2 known frames, then 2 predicted ones, each the sigmoid output's last frame.
        track.shape.Should().Equal(4, 40, 40, 1);
        Tensors.Values(track[2..].to_type(ScalarType.Float32)).Should().OnlyContain(v => v > 0f && v < 1f);

        // One picture per frame: prediction (or input) and truth side by side, 40 × 80.
        for (int i = 1; i <= 3; i++)
        {
            ImageFiles.LoadImg($"{i}_animate.png", color_mode: "grayscale").shape.Should().Equal(40, 80, 1);
        }
        File.Exists("4_animate.png").Should().BeFalse("a quick run's movies have 3 frames");
    }
}
