// A line-for-line port of Horovod's examples/keras/keras_mnist.py: the Keras MNIST convnet trained data-parallel on
// hvd.Size() ranks. Run: mpirun -np 2 dotnet run -c Release --no-build --project examples/HorovodExamples -- keras_mnist
// Lines that differ from the Python are listed in docs/horovod.md.
using System;
using System.Collections.Generic;
using KerasSharp;
using KerasSharp.Callbacks;
using KerasSharp.Datasets;
using KerasSharp.Horovod.Callbacks;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Optimizers;
using KerasSharp.Utils;
using K = KerasSharp.Backend.KerasBackend;
using hvd = KerasSharp.Horovod.Hvd;
using losses = KerasSharp.Losses.LossFunctions;

namespace HorovodExamples.KerasMnist;

public static class KerasMnistScript
{
    /// <returns>The training's History (the script drops it; the tests read it) and the test score.</returns>
    public static (History history, double[] score) Run(HorovodOptions options)
    {
        // Horovod: initialize Horovod.
        hvd.Init();

        // Horovod: pin GPU to be used to process local rank (one GPU per process)
        // (KerasSharp trains on the CPU here; on CUDA the rank's device would be cuda:{hvd.LocalRank()}.)

        var batch_size = 128;
        var num_classes = 10;

        // Horovod: adjust number of epochs based on number of GPUs.
        var epochs = (int)Math.Ceiling(12.0 / hvd.Size());
        epochs = options.Epochs ?? epochs;

        // Input image dimensions
        int img_rows = 28, img_cols = 28;

        // The data, shuffled and split between train and test sets
        var ((x_train, y_train), (x_test, y_test)) = Mnist.LoadData();
        if (options.Samples is int n) (x_train, y_train, x_test, y_test) = (x_train[..n], y_train[..n], x_test[..n], y_test[..n]);

        long[] input_shape;
        if (K.ImageDataFormat() == "channels_first")
        {
            x_train = x_train.reshape(x_train.shape[0], 1, img_rows, img_cols);
            x_test = x_test.reshape(x_test.shape[0], 1, img_rows, img_cols);
            input_shape = [1, img_rows, img_cols];
        }
        else
        {
            x_train = x_train.reshape(x_train.shape[0], img_rows, img_cols, 1);
            x_test = x_test.reshape(x_test.shape[0], img_rows, img_cols, 1);
            input_shape = [img_rows, img_cols, 1];
        }

        x_train = x_train.astype("float32");
        x_test = x_test.astype("float32");
        x_train /= 255;
        x_test /= 255;
        Console.WriteLine($"x_train shape: {x_train.Shape}");
        Console.WriteLine($"{x_train.shape[0]} train samples");
        Console.WriteLine($"{x_test.shape[0]} test samples");

        // Convert class vectors to binary class matrices
        y_train = NpUtils.ToCategorical(y_train, num_classes);
        y_test = NpUtils.ToCategorical(y_test, num_classes);

        var model = new Sequential();
        model.Add(new Conv2D(32, kernel_size: (3, 3),
                             activation: "relu",
                             input_shape: input_shape));
        model.Add(new Conv2D(64, (3, 3), activation: "relu"));
        model.Add(new MaxPooling2D(pool_size: (2, 2)));
        model.Add(new Dropout(0.25));
        model.Add(new Flatten());
        model.Add(new Dense(128, activation: "relu"));
        model.Add(new Dropout(0.5));
        model.Add(new Dense(num_classes, activation: "softmax"));

        // Horovod: adjust learning rate based on number of GPUs.
        Optimizer opt = new Adadelta(1.0 * hvd.Size());

        // Horovod: add Horovod Distributed Optimizer.
        opt = hvd.DistributedOptimizer(opt);

        model.Compile(loss: losses.categorical_crossentropy,
                      optimizer: opt,
                      metrics: ["accuracy"]);

        var callbacks = new List<Callback>
        {
            // Horovod: broadcast initial variable states from rank 0 to all other processes.
            // This is necessary to ensure consistent initialization of all workers when
            // training is started with random weights or restored from a checkpoint.
            new BroadcastGlobalVariablesCallback(0),
        };

        // Horovod: save checkpoints only on worker 0 to prevent other workers from corrupting them.
        if (hvd.Rank() == 0)
            callbacks.Add(new ModelCheckpoint("./checkpoint-{epoch}.h5"));

        var history = model.Fit(x_train, y_train,
                                batch_size: batch_size,
                                callbacks: callbacks,
                                epochs: epochs,
                                verbose: hvd.Rank() == 0 ? 1 : 0,
                                validation_data: (x_test, y_test));
        var score = model.Evaluate(x_test, y_test, verbose: 0);
        Console.WriteLine($"Test loss: {score[0]}");
        Console.WriteLine($"Test accuracy: {score[1]}");
        return (history, score);
    }
}
