// A line-for-line port of Keras 2.2.4's examples/mnist_mlp.py: trains a simple deep NN on the MNIST dataset.
// Gets to 98.40% test accuracy after 20 epochs (there is *a lot* of margin for parameter tuning).
// 2 seconds per epoch on a K520 GPU.
// Lines that differ from the Python are listed in docs/porting.md.
using System;
using KerasSharp;
using KerasSharp.Callbacks;
using KerasSharp.Datasets;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Optimizers;
using KerasSharp.Utils;

namespace KerasExamples.MnistMlp;

public static class MnistMlpScript
{
    public static (History history, double[] score) Run(ExampleOptions options)
    {
        var batch_size = 128;
        var num_classes = 10;
        var epochs = 20;
        epochs = options.Epochs ?? epochs;

        // the data, split between train and test sets
        var ((x_train, y_train), (x_test, y_test)) = Mnist.LoadData();
        if (options.Samples is int n) (x_train, y_train, x_test, y_test) = (x_train[..n], y_train[..n], x_test[..n], y_test[..n]);

        x_train = x_train.reshape(-1, 784);
        x_test = x_test.reshape(-1, 784);
        x_train = x_train.astype("float32");
        x_test = x_test.astype("float32");
        x_train /= 255;
        x_test /= 255;
        Console.WriteLine($"{x_train.shape[0]} train samples");
        Console.WriteLine($"{x_test.shape[0]} test samples");

        // convert class vectors to binary class matrices
        y_train = NpUtils.ToCategorical(y_train, num_classes);
        y_test = NpUtils.ToCategorical(y_test, num_classes);

        var model = new Sequential();
        model.Add(new Dense(512, activation: "relu", input_shape: 784));
        model.Add(new Dropout(0.2));
        model.Add(new Dense(512, activation: "relu"));
        model.Add(new Dropout(0.2));
        model.Add(new Dense(num_classes, activation: "softmax"));

        model.Summary();

        model.Compile(loss: "categorical_crossentropy",
                      optimizer: new RMSprop(),
                      metrics: ["accuracy"]);

        var history = model.Fit(x_train, y_train,
                                batch_size: batch_size,
                                epochs: epochs,
                                verbose: options.Verbose,
                                validation_data: (x_test, y_test));
        var score = model.Evaluate(x_test, y_test, verbose: 0);
        Console.WriteLine($"Test loss: {score[0]}");
        Console.WriteLine($"Test accuracy: {score[1]}");
        return (history, score);
    }
}
