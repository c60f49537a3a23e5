#:project ../../../../src/KerasSharp.Api/KerasSharp.Api.csproj
// Writes the whole-model samples that check_written_files.py --model reads: a short CIFAR-10 tutorial model compiled
// as the tutorial compiles it (RMSprop) and with Adam, each after one training step on fixed data so the optimizer
// state is not all zeros.   dotnet run write_model_sample.cs -- FOLDER   (writes FOLDER/model_rmsprop.h5, model_adam.h5)
using KerasSharp.Backend;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Optimizers;
using KerasSharp.Regularizers;
using KerasSharp.Utils;
using static TorchSharp.torch;

foreach (var (file, optimizer) in new (string, Optimizer)[] { ("model_rmsprop.h5", new RMSprop(lr: 0.001, decay: 1e-6)), ("model_adam.h5", new Adam()) })
{
    KerasBackend.ClearSession();
    KerasBackend.SetSeed(7);
    var model = new Sequential();
    model.Add(new Conv2D(32, (3, 3), padding: "same", kernel_regularizer: Regularizer.L2(1e-4), input_shape: (32, 32, 3)));
    model.Add(new Activation("elu"));
    model.Add(new BatchNormalization());
    model.Add(new MaxPooling2D(pool_size: (2, 2)));
    model.Add(new Dropout(0.2));
    model.Add(new Flatten());
    model.Add(new Dense(10, activation: "softmax"));
    model.Compile(optimizer, "categorical_crossentropy", ["accuracy"]);
    model.TrainOnBatch(rand(new long[] { 8, 32, 32, 3 }), NpUtils.ToCategorical(arange(8) % 10, 10));
    var path = System.IO.Path.Combine(args[0], file);
    model.Save(path);
    System.Console.WriteLine($"wrote {path}");
}
