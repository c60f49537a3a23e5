// A line-for-line port of Horovod's examples/keras/keras_mnist_advanced.py: the MNIST convnet trained data-parallel
// with augmented images, metric averaging, learning-rate warmup and ReduceLROnPlateau.
// Run: mpirun -np 2 dotnet run -c Release --no-build --project examples/HorovodExamples -- keras_mnist_advanced [--batch-size N] [--epochs N] [--lr LR]
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
using KerasSharp.Preprocessing.Image;
using KerasSharp.Utils;
using K = KerasSharp.Backend.KerasBackend;
using hvd = KerasSharp.Horovod.Hvd;
using losses = KerasSharp.Losses.LossFunctions;

namespace HorovodExamples.KerasMnistAdvanced;

public static class KerasMnistAdvancedScript
{
    /// <returns>The training's History (the script drops it; the tests read it) and the test score.</returns>
    public static (History history, double[] score) Run(HorovodOptions args)
    {
        // Training settings: --batch-size (default 128), --epochs (default 24), --lr (default 1.0)

        // Horovod: initialize Horovod.
        hvd.Init();

        // Horovod: pin GPU to be used to process local rank (one GPU per process)
        // (KerasSharp trains on the CPU here; on CUDA the rank's device would be cuda:{hvd.LocalRank()}.)

        var batch_size = args.BatchSize ?? 128;
        var num_classes = 10;

        // Enough epochs to demonstrate learning rate warmup and the reduction of
        // learning rate when training plateaues.
        var epochs = args.Epochs ?? 24;

        // Input image dimensions
        int img_rows = 28, img_cols = 28;

        // The data, shuffled and split between train and test sets
        var ((x_train, y_train), (x_test, y_test)) = Mnist.LoadData();
        if (args.Samples is int n) (x_train, y_train, x_test, y_test) = (x_train[..n], y_train[..n], x_test[..n], y_test[..n]);

        // Determine how many batches are there in train and test sets
        var train_batches = (int)x_train.shape[0] / batch_size;
        var test_batches = (int)x_test.shape[0] / batch_size;

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
        var scaled_lr = (args.Lr ?? 1.0) * hvd.Size();
        Optimizer opt = new Adadelta(lr: scaled_lr);

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

            // Horovod: average metrics among workers at the end of every epoch.
            //
            // Note: This callback must be in the list before the ReduceLROnPlateau,
            // TensorBoard or other metrics-based callbacks.
            new MetricAverageCallback(),

            // Horovod: using `lr = 1.0 * hvd.size()` from the very beginning leads to worse final
            // accuracy. Scale the learning rate `lr = 1.0` ---> `lr = 1.0 * hvd.size()` during
            // the first five epochs. See https://arxiv.org/abs/1706.02677 for details.
            new LearningRateWarmupCallback(initial_lr: scaled_lr, warmup_epochs: 5, verbose: 1),

            // Reduce the learning rate if training plateaues.
            new ReduceLROnPlateau(patience: 10, verbose: 1),
        };

        // Horovod: save checkpoints only on worker 0 to prevent other workers from corrupting them.
        if (hvd.Rank() == 0)
            callbacks.Add(new ModelCheckpoint("./checkpoint-{epoch}.h5"));

        // Set up ImageDataGenerators to do data augmentation for the training images.
        var train_gen = new ImageDataGenerator(rotation_range: 8, width_shift_range: 0.08, shear_range: 0.3,
                                               height_shift_range: 0.08, zoom_range: 0.08);
        var test_gen = new ImageDataGenerator();

        // Train the model.
        // Horovod: the training will randomly sample 1 / N batches of training data and
        // 3 / N batches of validation data on every worker, where N is the number of workers.
        // Over-sampling of validation data helps to increase probability that every validation
        // example will be evaluated.
        var history = model.FitGenerator(train_gen.Flow(x_train, y_train, batch_size: batch_size),
                                         steps_per_epoch: train_batches / hvd.Size(),
                                         callbacks: callbacks,
                                         epochs: epochs,
                                         verbose: 1,
                                         validation_data: test_gen.Flow(x_test, y_test, batch_size: batch_size),
                                         validation_steps: 3 * test_batches / hvd.Size());

        // Evaluate the model on the full data set.
        var score = model.Evaluate(x_test, y_test, verbose: 0);
        Console.WriteLine($"Test loss: {score[0]}");
        Console.WriteLine($"Test accuracy: {score[1]}");
        return (history, score);
    }
}
