// A line-for-line port of ../shared/reference/cifar10_keras2.py (the Keras 2 CIFAR-10 tutorial), parts 3 and 4: the
// model, its augmented training, saving, evaluation, and the reloaded model's predictions. Each Keras line is kept as a comment above its C# twin where they differ.
using System;
using System.IO;
using System.Linq;
using Cifar10Example;
using KerasSharp.Backend;
using KerasSharp.Callbacks;
using KerasSharp.Datasets;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Optimizers;
using KerasSharp.Preprocessing.Image;
using KerasSharp.Regularizers;
using KerasSharp.Utils;
using static KerasSharp.Saving.SavingApi;
using static TorchSharp.torch;

Options opts;
try
{
    opts = Options.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
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

// (x_train, y_train), (x_test, y_test) = cifar10.load_data()
var ((x_train, y_train), (x_test, y_test)) = Cifar10.LoadData();
if (opts.Subset is int n)
{
    (x_train, y_train) = (x_train[..n], y_train[..n]);
}
// x_train = x_train.astype('float32')
x_train = x_train.to_type(float32);
x_test = x_test.to_type(float32);

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
                   verbose: 1, validation_data: (x_test, y_test), callbacks: [new LearningRateScheduler(lr_schedule)]);

//save to disk
Directory.CreateDirectory(opts.Output);
var model_json = model.ToJson();
// with open('model.json', 'w') as json_file: json_file.write(model_json)
File.WriteAllText(Path.Combine(opts.Output, "model.json"), model_json);
model.SaveWeights(Path.Combine(opts.Output, "model.h5"));

//testing
var scores = model.Evaluate(x_test, y_test, batch_size: 128, verbose: 1);
// print('\nTest result: %.3f loss: %.3f' % (scores[1]*100,scores[0]))
Console.WriteLine($"\nTest result: {scores[1] * 100:F3} loss: {scores[0]:F3}");

// ---- part 4: reload from disk and predict the first 16 test images --------
// json_file = open('model.json', 'r'); loaded_model_json = json_file.read(); json_file.close()
var loaded_model_json = File.ReadAllText(Path.Combine(opts.Output, "model.json"));
model = ModelFromJson(loaded_model_json);
model.LoadWeights(Path.Combine(opts.Output, "model.h5"));

string[] labels = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

// indices = np.argmax(model.predict(x_test[:16]),1)
var indices = model.Predict(x_test[..16]).argmax(1).data<long>().ToArray();
// print [labels[x] for x in indices]
Console.WriteLine("[" + string.Join(", ", indices.Select(x => $"'{labels[x]}'")) + "]");
return 0;
