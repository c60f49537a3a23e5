// A line-for-line port of Keras 2.2.4's examples/antirectifier.py: how to write custom layers for Keras. We build a
// custom activation layer called 'Antirectifier', which modifies the shape of the tensor that passes through it. We
// need to specify two methods: `ComputeOutputShape` and `Call`. Note that the same result can also be achieved via a
// Lambda layer. Because our custom layer is written with primitives from the Keras backend (`K`), our code runs the
// same on every device. Lines that differ from the Python are listed in docs/porting.md.
using System;
using KerasSharp;
using KerasSharp.Callbacks;
using KerasSharp.Datasets;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Utils;
using layers = KerasSharp.Layers;

namespace KerasExamples.Antirectifier;

public static class AntirectifierScript
{
    public static History Run(ExampleOptions options)
    {
        // global parameters
        var batch_size = 128;
        var num_classes = 10;
        var epochs = 40;
        epochs = options.Epochs ?? epochs;

        // the data, split between train and test sets
        var ((x_train, y_train), (x_test, y_test)) = Mnist.LoadData();

        x_train = x_train.reshape(-1, 784);
        x_test = x_test.reshape(-1, 784);
        x_train = x_train.astype("float32");
        x_test = x_test.astype("float32");
        x_train /= 255;
        x_test /= 255;
        if (options.Samples is int n) (x_train, y_train, x_test, y_test) = (x_train[..n], y_train[..n], x_test[..n], y_test[..n]);
        Console.WriteLine($"{x_train.shape[0]} train samples");
        Console.WriteLine($"{x_test.shape[0]} test samples");

        // convert class vectors to binary class matrices
        y_train = NpUtils.ToCategorical(y_train, num_classes);
        y_test = NpUtils.ToCategorical(y_test, num_classes);

        // build the model
        var model = new Sequential();
        model.Add(new layers.Dense(256, input_shape: 784));
        model.Add(new Antirectifier());
        model.Add(new layers.Dropout(0.1));
        model.Add(new layers.Dense(256));
        model.Add(new Antirectifier());
        model.Add(new layers.Dropout(0.1));
        model.Add(new layers.Dense(num_classes));
        model.Add(new layers.Activation("softmax"));

        // compile the model
        model.Compile(loss: "categorical_crossentropy",
                      optimizer: "rmsprop",
                      metrics: ["accuracy"]);

        // train the model
        return model.Fit(x_train, y_train,
                         batch_size: batch_size,
                         epochs: epochs,
                         verbose: options.Verbose,
                         validation_data: (x_test, y_test));

        // next, compare with an equivalent network
        // with2x bigger Dense layers and ReLU
    }
}
