// A line-for-line port of Keras 2.2.4's examples/mnist_transfer_cnn.py: transfer learning toy example.
// 1 - Train a simple convnet on the MNIST dataset the first 5 digits [0..4].
// 2 - Freeze convolutional layers and fine-tune dense layers for the classification of digits [5..9].
// Get to 99.8% test accuracy after 5 epochs for the first five digits classifier and 99.2% for the last five digits
// after transfer + fine-tuning. Lines that differ from the Python are listed in docs/porting.md.
using System;
using KerasSharp;
using KerasSharp.Datasets;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Utils;
using static TorchSharp.torch;
using K = KerasSharp.Backend.KerasBackend;

namespace KerasExamples.MnistTransferCnn;

public static class MnistTransferCnnScript
{
    private static readonly Func<DateTime> now = () => DateTime.Now;

    private const int batch_size = 128;
    private const int num_classes = 5;
    private static int epochs = 5;

    // input image dimensions
    private const int img_rows = 28, img_cols = 28;
    // number of convolutional filters to use
    private const int filters = 32;
    // size of pooling area for max pooling
    private const int pool_size = 2;
    // convolution kernel size
    private const int kernel_size = 3;

    private static long[] input_shape = K.ImageDataFormat() == "channels_first"
        ? [1, img_rows, img_cols]
        : [img_rows, img_cols, 1];

    public static double[] train_model(Model model, (Tensor, Tensor) train, (Tensor, Tensor) test, int num_classes, int verbose = 1)
    {
        var x_train = train.Item1.reshape([train.Item1.shape[0], .. input_shape]);
        var x_test = test.Item1.reshape([test.Item1.shape[0], .. input_shape]);
        x_train = x_train.astype("float32");
        x_test = x_test.astype("float32");
        x_train /= 255;
        x_test /= 255;
        Console.WriteLine($"x_train shape: {x_train.Shape}");
        Console.WriteLine($"{x_train.shape[0]} train samples");
        Console.WriteLine($"{x_test.shape[0]} test samples");

        // convert class vectors to binary class matrices
        var y_train = NpUtils.ToCategorical(train.Item2, num_classes);
        var y_test = NpUtils.ToCategorical(test.Item2, num_classes);

        model.Compile(loss: "categorical_crossentropy",
                      optimizer: "adadelta",
                      metrics: ["accuracy"]);

        var t = now();
        model.Fit(x_train, y_train,
                  batch_size: batch_size,
                  epochs: epochs,
                  verbose: verbose,
                  validation_data: (x_test, y_test));
        Console.WriteLine($"Training time: {now() - t}");
        var score = model.Evaluate(x_test, y_test, verbose: 0);
        Console.WriteLine($"Test score: {score[0]}");
        Console.WriteLine($"Test accuracy: {score[1]}");
        return score;
    }

    /// <param name="trained">Called with the model after each of the two trainings (the test looks at its weights).</param>
    public static (Sequential model, Layer[] feature_layers, Layer[] classification_layers) Run(ExampleOptions options, Action<Sequential>? trained = null)
    {
        epochs = options.Epochs ?? 5;

        // the data, split between train and test sets
        var ((x_train, y_train), (x_test, y_test)) = Mnist.LoadData();
        if (options.Samples is int n) (x_train, y_train, x_test, y_test) = (x_train[..n], y_train[..n], x_test[..n], y_test[..n]);

        // create two datasets one with digits below 5 and one with 5 and above
        var x_train_lt5 = x_train[y_train < 5];
        var y_train_lt5 = y_train[y_train < 5];
        var x_test_lt5 = x_test[y_test < 5];
        var y_test_lt5 = y_test[y_test < 5];

        var x_train_gte5 = x_train[y_train >= 5];
        var y_train_gte5 = y_train[y_train >= 5] - 5;
        var x_test_gte5 = x_test[y_test >= 5];
        var y_test_gte5 = y_test[y_test >= 5] - 5;

        // define two groups of layers: feature (convolutions) and classification (dense)
        Layer[] feature_layers = [
            new Conv2D(filters, kernel_size,
                       padding: "valid",
                       input_shape: input_shape),
            new Activation("relu"),
            new Conv2D(filters, kernel_size),
            new Activation("relu"),
            new MaxPooling2D(pool_size: pool_size),
            new Dropout(0.25),
            new Flatten(),
        ];

        Layer[] classification_layers = [
            new Dense(128),
            new Activation("relu"),
            new Dropout(0.5),
            new Dense(num_classes),
            new Activation("softmax")
        ];

        // create complete model
        var model = new Sequential([.. feature_layers, .. classification_layers]);

        // train model for 5-digit classification [0..4]
        train_model(model,
                    (x_train_lt5, y_train_lt5),
                    (x_test_lt5, y_test_lt5), num_classes, options.Verbose);
        trained?.Invoke(model);

        // freeze feature layers and rebuild model
        foreach (var l in feature_layers)
            l.Trainable = false;

        // transfer: train dense layers for new classification task [5..9]
        train_model(model,
                    (x_train_gte5, y_train_gte5),
                    (x_test_gte5, y_test_gte5), num_classes, options.Verbose);
        trained?.Invoke(model);
        return (model, feature_layers, classification_layers);
    }
}
