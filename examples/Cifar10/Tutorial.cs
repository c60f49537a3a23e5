// A line-for-line port of ../shared/reference/cifar10_keras2.py (the Keras 2 CIFAR-10 tutorial), all four parts. Each
// Keras line is kept as a comment above its C# twin where they differ; docs/porting.md sets them side by side.
using System;
using System.IO;
using System.Linq;
using KerasSharp;
using KerasSharp.Backend;
using KerasSharp.Callbacks;
using KerasSharp.Datasets;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Optimizers;
using KerasSharp.Preprocessing.Image;
using KerasSharp.Regularizers;
using KerasSharp.Utils;
using static TorchSharp.torch;

namespace Cifar10Example;

/// <summary>What a run produced, for the end-to-end test: predictions before and after the reload.</summary>
public sealed record TutorialResult(Tensor Trained, string[] Labels, Tensor Reloaded, double[] Scores);

public static class Tutorial
{
    public static TutorialResult Run(Options opts)
    {
        if (opts.Device is not null) KerasBackend.SetDevice(opts.Device);
        KerasBackend.SetSeed(opts.Seed);

        static double lr_schedule(int epoch)
        {
            var lrate = 0.001;
            if (epoch > 75)
                lrate = 0.0005;
            else if (epoch > 100)
                lrate = 0.0003;
            return lrate;
        }

        // ---- part 1: show 16 test images in a 4x4 grid --------------------------
        // (x_train, y_train), (x_test, y_test) = cifar10.load_data()
        var ((x_train, y_train), (x_test, y_test)) = Cifar10.LoadData();
        Directory.CreateDirectory(opts.Output);
        // show_imgs(x_test[:16])
        ImageGrid.Save(x_test[..16], rows: 4, cols: 4, Path.Combine(opts.Output, "test_images.png"));

        // ---- part 2: look at augmented images ------------------------------------
        var datagen2 = new ImageDataGenerator(rotation_range: 90, width_shift_range: 0.1, height_shift_range: 0.1, horizontal_flip: true);
        datagen2.Fit(x_train);
        // for X_batch, y_batch in datagen.flow(x_train, y_train, batch_size=9): ... break
        foreach (var (X_batch, y_batch) in datagen2.Flow(x_train, y_train, batch_size: 9, seed: opts.Seed))
        {
            ImageGrid.Save(X_batch, rows: 3, cols: 3, Path.Combine(opts.Output, "augmented.png"));
            break;
        }

        // ---- part 3: train, save, evaluate ---------------------------------------
        if (opts.Subset is int n)
        {
            (x_train, y_train) = (x_train[..n], y_train[..n]);
        }
        x_train = x_train.astype("float32");
        x_test = x_test.astype("float32");

        //z-score
        // mean = np.mean(x_train, axis=(0, 1, 2, 3))
        var mean = x_train.mean();
        var std = x_train.std(unbiased: false);
        x_train = (x_train - mean) / (std + 1e-7);
        x_test = (x_test - mean) / (std + 1e-7);

        var num_classes = 10;
        // y_train = np_utils.to_categorical(y_train, num_classes)
        y_train = NpUtils.ToCategorical(y_train, num_classes);
        y_test = NpUtils.ToCategorical(y_test, num_classes);

        var weight_decay = 1e-4;
        var model = new Sequential();
        // model.add(Conv2D(32, (3,3), padding='same', kernel_regularizer=regularizers.l2(weight_decay), input_shape=x_train.shape[1:]))
        model.Add(new Conv2D(32, (3, 3), padding: "same", kernel_regularizer: Regularizer.L2(weight_decay), input_shape: x_train.shape[1..]));
        model.Add(new Activation("elu"));
        model.Add(new BatchNormalization());
        model.Add(new Conv2D(32, (3, 3), padding: "same", kernel_regularizer: Regularizer.L2(weight_decay)));
        model.Add(new Activation("elu"));
        model.Add(new BatchNormalization());
        model.Add(new MaxPooling2D(pool_size: (2, 2)));
        model.Add(new Dropout(0.2));

        model.Add(new Conv2D(64, (3, 3), padding: "same", kernel_regularizer: Regularizer.L2(weight_decay)));
        model.Add(new Activation("elu"));
        model.Add(new BatchNormalization());
        model.Add(new Conv2D(64, (3, 3), padding: "same", kernel_regularizer: Regularizer.L2(weight_decay)));
        model.Add(new Activation("elu"));
        model.Add(new BatchNormalization());
        model.Add(new MaxPooling2D(pool_size: (2, 2)));
        model.Add(new Dropout(0.3));

        model.Add(new Conv2D(128, (3, 3), padding: "same", kernel_regularizer: Regularizer.L2(weight_decay)));
        model.Add(new Activation("elu"));
        model.Add(new BatchNormalization());
        model.Add(new Conv2D(128, (3, 3), padding: "same", kernel_regularizer: Regularizer.L2(weight_decay)));
        model.Add(new Activation("elu"));
        model.Add(new BatchNormalization());
        model.Add(new MaxPooling2D(pool_size: (2, 2)));
        model.Add(new Dropout(0.4));

        model.Add(new Flatten());
        model.Add(new Dense(num_classes, activation: "softmax"));

        model.Summary();

        //data augmentation
        var datagen = new ImageDataGenerator(
            rotation_range: 15,
            width_shift_range: 0.1,
            height_shift_range: 0.1,
            horizontal_flip: true
            );
        datagen.Fit(x_train);

        //training
        var batch_size = opts.BatchSize;

        // opt_rms = keras.optimizers.rmsprop(lr=0.001,decay=1e-6)
        var opt_rms = new RMSprop(lr: 0.001, decay: 1e-6);
        model.Compile(loss: "categorical_crossentropy", optimizer: opt_rms, metrics: ["accuracy"]);
        model.FitGenerator(datagen.Flow(x_train, y_train, batch_size: batch_size),
                           steps_per_epoch: (int)x_train.shape[0] / batch_size, epochs: opts.Epochs,
                           verbose: opts.Verbose, validation_data: (x_test, y_test),
                           callbacks: [new LearningRateScheduler(lr_schedule), new CSVLogger(Path.Combine(opts.Output, "history.csv"))]);
        HistoryPlot.Save(Path.Combine(opts.Output, "history.csv"), Path.Combine(opts.Output, "history.png"));
        var trained = model.Predict(x_test[..16]);

        //save to disk
        var model_json = model.ToJson();
        // with open('model.json', 'w') as json_file: json_file.write(model_json)
        File.WriteAllText(Path.Combine(opts.Output, "model.json"), model_json);
        model.SaveWeights(Path.Combine(opts.Output, "model.h5"));

        //testing
        var scores = model.Evaluate(x_test, y_test, batch_size: 128, verbose: opts.Verbose);
        // print('\nTest result: %.3f loss: %.3f' % (scores[1]*100,scores[0]))
        Console.WriteLine($"\nTest result: {scores[1] * 100:F3} loss: {scores[0]:F3}");

        // ---- part 4: reload from disk and predict the first 16 test images --------
        // json_file = open('model.json', 'r'); loaded_model_json = json_file.read(); json_file.close()
        var loaded_model_json = File.ReadAllText(Path.Combine(opts.Output, "model.json"));
        // model = model_from_json(loaded_model_json): Cifar10Model is generated at compile time from the tutorial's
        // model.json (see Cifar10.csproj); FromJson refuses a JSON that describes another model. ModelFromJson also works.
        model = Cifar10Model.FromJson(loaded_model_json);
        model.LoadWeights(Path.Combine(opts.Output, "model.h5"));

        string[] labels = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

        // indices = np.argmax(model.predict(x_test[:16]),1)
        var reloaded = model.Predict(x_test[..16]);
        var indices = reloaded.argmax(1).data<long>().ToArray();
        // print [labels[x] for x in indices]
        Console.WriteLine("[" + string.Join(", ", indices.Select(x => $"'{labels[x]}'")) + "]");
        ImageGrid.Save(Cifar10.LoadData().Item2.x_test[..16], rows: 4, cols: 4, Path.Combine(opts.Output, "predictions.png"),
                       indices.Select(x => labels[x]).ToArray());
        return new TutorialResult(trained, indices.Select(i => labels[i]).ToArray(), reloaded, scores);
    }
}
