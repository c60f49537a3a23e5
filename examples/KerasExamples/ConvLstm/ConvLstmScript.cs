// A line-for-line port of Keras 2.2.4's examples/conv_lstm.py: this script demonstrates the use of a convolutional
// LSTM network. This network is used to predict the next frame of an artificially generated movie which contains
// moving squares. Lines that differ from the Python are listed in docs/porting.md.
using System;
using KerasSharp;
using KerasSharp.Callbacks;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Preprocessing.Image;
using static TorchSharp.torch;

namespace KerasExamples.ConvLstm;

public static class ConvLstmScript
{
    // numpy's unseeded global generator in the script; np.random.randint(a, b) draws from [a, b) as Next(a, b) does.
    private static readonly Random random = Random.Shared;

    // Artificial data generation:
    // Generate movies with 3 to 7 moving squares inside.
    // The squares are of shape 1x1 or 2x2 pixels,
    // which move linearly over time.
    // For convenience we first create movies with bigger width and height (80x80)
    // and at the end we select a 40x40 window.

    public static (Tensor noisy_movies, Tensor shifted_movies) generate_movies(int n_samples = 1200, int n_frames = 15)
    {
        var row = 80;
        var col = 80;
        var noisy_movies = zeros(new long[] { n_samples, n_frames, row, col, 1 }, dtype: float64);
        var shifted_movies = zeros(new long[] { n_samples, n_frames, row, col, 1 },
                                   dtype: float64);

        for (int i = 0; i < n_samples; i++)
        {
            // Add 3 to 7 moving squares
            var n = random.Next(3, 8);

            for (int j = 0; j < n; j++)
            {
                // Initial position
                var xstart = random.Next(20, 60);
                var ystart = random.Next(20, 60);
                // Direction of motion
                var directionx = random.Next(0, 3) - 1;
                var directiony = random.Next(0, 3) - 1;

                // Size of the square
                var w = random.Next(2, 4);

                for (int t = 0; t < n_frames; t++)
                {
                    var x_shift = xstart + directionx * t;
                    var y_shift = ystart + directiony * t;
                    noisy_movies[i, t, (x_shift - w)..(x_shift + w),
                                 (y_shift - w)..(y_shift + w), 0] += 1;

                    // Make it more robust by adding noise.
                    // The idea is that if during inference,
                    // the value of the pixel is not exactly one,
                    // we need to train the network to be robust and still
                    // consider it as a pixel belonging to a square.
                    if (random.Next(0, 2) != 0)
                    {
                        var noise_f = Math.Pow(-1, random.Next(0, 2));
                        noisy_movies[i, t,
                                     (x_shift - w - 1)..(x_shift + w + 1),
                                     (y_shift - w - 1)..(y_shift + w + 1),
                                     0] += noise_f * 0.1;
                    }

                    // Shift the ground truth by 1
                    x_shift = xstart + directionx * (t + 1);
                    y_shift = ystart + directiony * (t + 1);
                    shifted_movies[i, t, (x_shift - w)..(x_shift + w),
                                   (y_shift - w)..(y_shift + w), 0] += 1;
                }
            }
        }

        // Cut to a 40x40 window
        noisy_movies = noisy_movies[.., .., 20..60, 20..60, ..];
        shifted_movies = shifted_movies[.., .., 20..60, 20..60, ..];
        noisy_movies[noisy_movies >= 1] = 1;
        shifted_movies[shifted_movies >= 1] = 1;
        return (noisy_movies, shifted_movies);
    }

    public static (Sequential seq, History history, Tensor track) Run(ExampleOptions options)
    {
        // We create a layer which take as input movies of shape
        // (n_frames, width, height, channels) and returns a movie
        // of identical shape.

        var seq = new Sequential();
        seq.Add(new ConvLSTM2D(filters: 40, kernel_size: (3, 3),
                               input_shape: new Shape(null, 40, 40, 1),
                               padding: "same", return_sequences: true));
        seq.Add(new BatchNormalization());

        seq.Add(new ConvLSTM2D(filters: 40, kernel_size: (3, 3),
                               padding: "same", return_sequences: true));
        seq.Add(new BatchNormalization());

        seq.Add(new ConvLSTM2D(filters: 40, kernel_size: (3, 3),
                               padding: "same", return_sequences: true));
        seq.Add(new BatchNormalization());

        seq.Add(new ConvLSTM2D(filters: 40, kernel_size: (3, 3),
                               padding: "same", return_sequences: true));
        seq.Add(new BatchNormalization());

        seq.Add(new Conv3D(filters: 1, kernel_size: (3, 3, 3),
                           activation: "sigmoid",
                           padding: "same", data_format: "channels_last"));
        seq.Compile(loss: "binary_crossentropy", optimizer: "adadelta");

        // Train the network
        var (n_samples, n_frames, epochs) = (1200, 15, 300);
        // A quick run: a few short movies (see ExampleOptions), then 2 known and 2 predicted frames below.
        if (options.Samples is int samples) (n_samples, n_frames) = (samples, 3);
        epochs = options.Epochs ?? epochs;
        var (noisy_movies, shifted_movies) = generate_movies(n_samples: n_samples, n_frames: n_frames);
        var history = seq.Fit(noisy_movies[..1000], shifted_movies[..1000], batch_size: 10,
                              epochs: epochs, validation_split: 0.05, verbose: options.Verbose);

        // Testing the network on one movie
        // feed it with the first 7 positions and then
        // predict the new positions
        var (which, known, predicted) = (1004, 7, 16);
        if (options.Samples is not null) (which, known, predicted) = (n_samples - 1, 2, 2);
        var track = noisy_movies[which][..known, .., .., ..];

        for (int j = 0; j < predicted; j++)
        {
            var new_pos = seq.Predict(track[TensorIndex.None, .., .., .., ..]);
            var @new = new_pos[.., -1, .., .., ..];
            track = cat(new[] { track, @new }, 0);
        }

        // And then compare the predictions
        // to the ground truth
        var track2 = noisy_movies[which][.., .., .., ..];
        for (int i = 0; i < n_frames; i++)
        {
            // fig = plt.figure(figsize=(10, 5)); the two panels side by side in one image below

            // if i >= 7: ax.text(1, 3, 'Predictions !', fontsize=20, color='w')
            // else: ax.text(1, 3, 'Initial trajectory', fontsize=20)
            // (not drawn: KerasSharp writes the pictures without text, docs/porting.md)

            var toplot = track[i, .., .., 0];

            // plt.imshow(toplot): the left panel
            var left = toplot;
            // plt.text(1, 3, 'Ground truth', fontsize=20): not drawn

            toplot = track2[i, .., .., 0];
            if (i >= 2)
                toplot = shifted_movies[which][i - 1, .., .., 0];

            // plt.imshow(toplot); plt.savefig('%i_animate.png' % (i + 1)): both panels, in greys
            ImageFiles.SaveImg($"{i + 1}_animate.png", cat(new[] { left, toplot }, 1).unsqueeze(-1));
        }
        return (seq, history, track);
    }
}
